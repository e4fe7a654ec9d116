/**
 * How fast the queue and agent reports answer over a month of ~100k interactions.
 * Usage: bun bench/reports.ts [interactions=100000]
 * Events go through the real reporting listener into a fresh database; each report is timed (median of 5).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDb } from "../src/db/index.ts";
import type { AppEvents } from "../src/events.ts";
import type { AgentState } from "../src/presence/index.ts";
import { attachReportLog, type ReportedEvent } from "../src/reports/index.ts";
import { loadAgentReport } from "../src/reports/agent-report.ts";
import { seeded } from "../tests/support/report-sim.ts";
import { loadQueueReport } from "../src/reports/queue-report.ts";
import { dayStart } from "../src/reports/time-zone.ts";
import { inProcessBus } from "../src/shared/index.ts";

const total = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "sb-bench-reports-"));
const db = openDb(join(dir, "switchboard.db"));
migrate(db);
const bus = inProcessBus<Pick<AppEvents, ReportedEvent>>((name, err) => {
  throw new Error(`${name}: ${err}`);
});
attachReportLog(db, bus);
const zone = "UTC";
const from = dayStart("2026-11-01", zone);
const to = dayStart("2026-12-01", zone);
const queues = Array.from({ length: 6 }, (_, n) => `q${n}`);
const agents = Array.from({ length: 60 }, (_, n) => `a${n}`);
const rnd = seeded(7);
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;

const started = performance.now();
db.$client.transaction(() => {
  for (let day = 0; day < 30; day++) {
    const open = from + day * 86_400_000 + 8 * 3600_000;
    for (const a of agents) {
      let at = open;
      let state: AgentState = "logged_out";
      for (let n = 0; n < 30; n++) {
        const next = pick<AgentState>(["ready", "busy", "wrap_up", "not_ready"]);
        bus.publish("agent.state_changed", {
          userId: a,
          from: state,
          to: next,
          reason: next === "not_ready" ? pick(["Lunch", "Training"]) : null,
          at,
          cause: "choose_ready",
        });
        state = next;
        at += Math.floor(rnd() * 1_200_000);
      }
      bus.publish("agent.state_changed", { userId: a, from: state, to: "logged_out", reason: null, at, cause: "logout" });
    }
    for (let n = 0; n < total / 30; n++) {
      const id = `i${day}-${n}`;
      const channel = rnd() < 0.5 ? ("chat" as const) : ("voice" as const);
      let q = pick(queues);
      let at = open + Math.floor(rnd() * 10 * 3600_000);
      bus.publish("interaction.queued", { interactionId: id, queueId: q, channel, at });
      if (rnd() < 0.1)
        bus.publish("offer.closed", {
          offerId: `o${id}`,
          interactionId: id,
          agentId: pick(agents),
          queueId: q,
          status: "timeout",
          at: at + 20_000,
        });
      if (rnd() < 0.05) {
        bus.publish("queue.left", { interactionId: id, queueId: q, reason: "timeout", waitedMs: 60_000, at: at + 60_000, channel });
        const next = pick(queues);
        bus.publish("interaction.overflowed", { interactionId: id, fromQueueId: q, toQueueId: next, at: at + 60_000 });
        q = next;
        at += 60_000;
      }
      const waited = Math.floor(rnd() * 90_000);
      if (rnd() < 0.15) {
        bus.publish("queue.left", { interactionId: id, queueId: q, reason: "abandoned", waitedMs: waited, at: at + waited, channel });
        continue;
      }
      const agent = pick(agents);
      bus.publish("queue.left", { interactionId: id, queueId: q, reason: "accepted", waitedMs: waited, at: at + waited, channel });
      bus.publish("interaction.accepted", {
        interactionId: id,
        agentId: agent,
        offerId: `o${id}`,
        channel,
        waitedMs: waited,
        at: at + waited,
        transferFrom: null,
      });
      const end = at + waited + Math.floor(rnd() * 600_000);
      bus.publish("interaction.ended", { interactionId: id, agentId: agent, reason: "completed", wrapUp: true, at: end, channel });
      bus.publish("interaction.wrapped_up", { interactionId: id, agentId: agent, disposition: "Resolved", at: end + 30_000 });
    }
  }
})();
const rows = (db.$client.query("SELECT count(*) AS n FROM report_events").get() as { n: number }).n;
console.log(`${total} interactions, ${rows} events written in ${Math.round(performance.now() - started)} ms`);

function time(label: string, run: () => unknown) {
  const runs = Array.from({ length: 5 }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  console.log(`${label}: median ${Math.round(runs[2] as number)} ms (best ${Math.round(runs[0] as number)})`);
}

function all(suffix: string) {
  time(`queue report, month by day${suffix}`, () => loadQueueReport(db, { queueIds: queues, from, to, interval: "day", zone }));
  time(`queue report, month by hour${suffix}`, () => loadQueueReport(db, { queueIds: queues, from, to, interval: "hour", zone }));
  time(`agent report, month, 60 agents${suffix}`, () => loadAgentReport(db, { agentIds: agents, from, to, zone, now: to }));
}
all("");
db.$client.close();
rmSync(dir, { recursive: true, force: true });
