import { and, count, eq, ne } from "drizzle-orm";
import { ROLES } from "../auth/index.ts";
import { agentPresence, interactions, queues, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { MAIL_STATUSES, outboxCounts } from "../integrations/mail/index.ts";
import { AGENT_STATES } from "../presence/index.ts";
import { CHANNELS } from "../routing/index.ts";
import type { Clock, Metrics } from "../shared/index.ts";

/**
 * The gauges of FEATURES D6 that can be read from the database at scrape time. The SIP counters are declared
 * here too, so their names exist (without samples) even while no SIP listener runs; src/sip fills the same
 * counters through `metrics.counter(name, …)`, which returns the one already declared.
 */
export function registerAppMetrics(metrics: Metrics, db: Db, clock: Clock): void {
  const startedAt = clock.now();
  metrics.gauge("switchboard_uptime_seconds", "Seconds since the appliance started", () => [
    { labels: {}, value: Math.round((clock.now() - startedAt) / 1000) },
  ]);
  metrics.gauge("process_resident_memory_bytes", "Resident memory of the process in bytes", () => [
    { labels: {}, value: process.memoryUsage.rss() },
  ]);
  metrics.gauge("switchboard_users", "Accounts by role", () => usersByRole(db));
  metrics.gauge("switchboard_agents", "Agents and supervisors by presence state; one never signed in counts as logged_out", () =>
    agentsByState(db),
  );
  metrics.gauge("switchboard_mail_outbox", "Mails in the outbox by status (failed = gave up after the last retry)", () => {
    const counts = outboxCounts(db);
    return MAIL_STATUSES.map((status) => ({ labels: { status }, value: counts[status] }));
  });
  metrics.gauge("switchboard_queue_waiting", "Interactions waiting in each queue", () => waitingByQueue(db));
  metrics.gauge("switchboard_interactions_active", "Interactions being handled by an agent, by channel", () => {
    const rows = activeByChannel(db);
    return CHANNELS.map((channel) => ({ labels: { channel }, value: rows.get(channel) ?? 0 }));
  });
  metrics.gauge("switchboard_calls_active", "Voice interactions being handled by an agent", () => [
    { labels: {}, value: activeByChannel(db).get("voice") ?? 0 },
  ]);
  metrics.counter("switchboard_sip_messages_total", "SIP messages received and sent, by direction and method");
  metrics.counter("switchboard_sip_rejected_total", "SIP messages or connections refused or dropped, by reason");
}

function usersByRole(db: Db) {
  const rows = db.select({ role: users.role, n: count() }).from(users).groupBy(users.role).all();
  return ROLES.map((role) => ({ labels: { role }, value: rows.find((r) => r.role === role)?.n ?? 0 }));
}

function agentsByState(db: Db) {
  const rows = db
    .select({ state: agentPresence.state, n: count() })
    .from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .where(ne(users.role, "admin"))
    .groupBy(agentPresence.state)
    .all();
  const byState = new Map<string, number>();
  for (const r of rows) {
    const state = r.state ?? "logged_out";
    byState.set(state, (byState.get(state) ?? 0) + r.n);
  }
  return AGENT_STATES.map((state) => ({ labels: { state }, value: byState.get(state) ?? 0 }));
}

function waitingByQueue(db: Db) {
  const rows = db
    .select({ queue: queues.name, channel: queues.channel, n: count(interactions.id) })
    .from(queues)
    .leftJoin(interactions, and(eq(interactions.queueId, queues.id), eq(interactions.status, "queued")))
    .groupBy(queues.id)
    .all();
  return rows.map((r) => ({ labels: { queue: r.queue, channel: r.channel }, value: r.n }));
}

function activeByChannel(db: Db): Map<string, number> {
  const rows = db
    .select({ channel: interactions.channel, n: count() })
    .from(interactions)
    .where(eq(interactions.status, "active"))
    .groupBy(interactions.channel)
    .all();
  return new Map(rows.map((r) => [r.channel, r.n]));
}
