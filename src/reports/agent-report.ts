import type { Db } from "../db/index.ts";
import { SLOT_MS } from "./queue-report.ts";
import { intervalStart } from "./time-zone.ts";

/** One agent's day: work handled, time per state and what they missed, refused or passed on. */
export type AgentDay = {
  agentId: string;
  day: number;
  handled: Record<string, number>;
  talkMs: number;
  readyMs: number;
  busyMs: number;
  wrapUpMs: number;
  notReadyMs: Record<string, number>;
  loggedInMs: number;
  missed: number;
  rejected: number;
  transfers: number;
};

export type AgentReportQuery = { agentIds: string[]; from: number; to: number; zone: string; now: number };

const COUNTS = `
  SELECT agent_id AS a, at / ${SLOT_MS} AS slot,
         'handled:' || coalesce(json_extract(data, '$.channel'), (SELECT channel FROM interactions WHERE id = interaction_id)) AS k,
         count(*) AS n
  FROM report_events WHERE type = 'interaction.accepted' AND at >= ?1 AND at < ?2 GROUP BY a, slot, k
  UNION ALL
  SELECT agent_id, at / ${SLOT_MS}, 'offer:' || json_extract(data, '$.status'), count(*)
  FROM report_events WHERE type = 'offer.closed' AND at >= ?1 AND at < ?2 AND json_extract(data, '$.status') IN ('timeout', 'rejected')
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT json_extract(data, '$.fromAgentId'), at / ${SLOT_MS}, 'transfer', count(*)
  FROM report_events WHERE type = 'interaction.transferred' AND at >= ?1 AND at < ?2 GROUP BY 1, 2
  UNION ALL
  SELECT json_extract(data, '$.transferFrom'), at / ${SLOT_MS}, 'transfer', count(*)
  FROM report_events WHERE type = 'interaction.accepted' AND at >= ?1 AND at < ?2 AND json_extract(data, '$.transferFrom') IS NOT NULL
  GROUP BY 1, 2`;

/** Talk: from the agent's acceptance to the interaction's end, its transfer, or another agent taking it over. */
const TALK = `
  SELECT a.agent_id AS a, a.at / ${SLOT_MS} AS slot, sum(e.at - a.at) AS n
  FROM report_events a
  JOIN report_events e ON e.id = (
    SELECT x.id FROM report_events x WHERE x.interaction_id = a.interaction_id AND x.id > a.id
      AND x.type IN ('interaction.ended', 'interaction.transferred', 'interaction.accepted') ORDER BY x.id LIMIT 1)
  WHERE a.type = 'interaction.accepted' AND a.at >= ?1 AND a.at < ?2
  GROUP BY a.agent_id, slot`;

const STATES = `
  SELECT agent_id AS a, at, json_extract(data, '$.to') AS state, json_extract(data, '$.reason') AS reason
  FROM report_events WHERE type = 'agent.state_changed' AND at >= ?1 AND at < ?2 ORDER BY id`;

const STATE_BEFORE = `
  SELECT json_extract(data, '$.to') AS state, json_extract(data, '$.reason') AS reason
  FROM report_events WHERE agent_id = ?1 AND type = 'agent.state_changed' AND at < ?2 ORDER BY at DESC, id DESC LIMIT 1`;

type StateRow = { a: string; at: number; state: string; reason: string | null };

/** Each agent's figures per local day over [from, to); days without anything are left out. */
export function loadAgentReport(db: Db, query: AgentReportQuery): AgentDay[] {
  const { from, to, zone } = query;
  const wanted = new Set(query.agentIds);
  const days = new Map<string, AgentDay>();
  const dayOf = dayFinder(from, to, zone);
  const at = (agentId: string, day: number) => {
    const key = `${agentId}|${day}`;
    let d = days.get(key);
    if (!d) {
      d = emptyDay(agentId, day);
      days.set(key, d);
    }
    return d;
  };
  for (const r of db.$client.query(COUNTS).all(from, to) as { a: string | null; slot: number; k: string; n: number }[]) {
    if (!r.a || !wanted.has(r.a)) continue;
    const d = at(r.a, dayOf(r.slot * SLOT_MS));
    if (r.k.startsWith("handled:")) d.handled[r.k.slice(8)] = (d.handled[r.k.slice(8)] ?? 0) + r.n;
    else if (r.k === "offer:timeout") d.missed += r.n;
    else if (r.k === "offer:rejected") d.rejected += r.n;
    else d.transfers += r.n;
  }
  for (const r of db.$client.query(TALK).all(from, to) as { a: string | null; slot: number; n: number }[]) {
    if (r.a && wanted.has(r.a)) at(r.a, dayOf(r.slot * SLOT_MS)).talkMs += r.n;
  }
  addStateTimes(db, query, (agentId, ms) => at(agentId, dayOf(ms)));
  return [...days.values()].sort((a, b) => a.agentId.localeCompare(b.agentId) || a.day - b.day);
}

/** Cuts each agent's states into spans, split at local midnights, and adds each span to its day. */
function addStateTimes(db: Db, query: AgentReportQuery, dayAt: (agentId: string, ms: number) => AgentDay): void {
  const { from, to, zone, now } = query;
  const end = Math.min(to, now);
  const byAgent = new Map<string, StateRow[]>();
  for (const id of query.agentIds) {
    const before = db.$client.query(STATE_BEFORE).get(id, from) as Omit<StateRow, "a" | "at"> | null;
    byAgent.set(id, before ? [{ a: id, at: from, ...before }] : []);
  }
  for (const r of db.$client.query(STATES).all(from, to) as StateRow[]) byAgent.get(r.a)?.push(r);
  for (const [agentId, rows] of byAgent) {
    rows.forEach((r, n) => {
      let start = r.at;
      const stop = Math.min(rows[n + 1]?.at ?? end, end);
      while (start < stop) {
        const d = dayAt(agentId, start);
        const cut = Math.min(stop, d.day + dayLength(d.day, zone));
        addSpan(d, r, cut - start);
        start = cut;
      }
    });
  }
}

/** The local day holding an instant in [from, to), from the range's day starts worked out once. */
function dayFinder(from: number, to: number, zone: string): (ms: number) => number {
  const starts: number[] = [];
  for (let d = from; d < to; d += dayLength(d, zone)) starts.push(d);
  return (ms) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= ms) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo] as number;
  };
}

const dayLengths = new Map<string, number>();

/** 24 hours, or 23 or 25 on a daylight-saving change. */
function dayLength(dayStartMs: number, zone: string): number {
  const key = `${zone}|${dayStartMs}`;
  let ms = dayLengths.get(key);
  if (ms === undefined) {
    ms = intervalStart(dayStartMs + 26 * 3600_000, "day", zone) - dayStartMs;
    if (dayLengths.size > 10_000) dayLengths.clear();
    dayLengths.set(key, ms);
  }
  return ms;
}

function addSpan(d: AgentDay, r: StateRow, ms: number): void {
  if (r.state === "logged_out") return;
  d.loggedInMs += ms;
  if (r.state === "ready") d.readyMs += ms;
  else if (r.state === "busy" || r.state === "pending_not_ready") d.busyMs += ms;
  else if (r.state === "wrap_up") d.wrapUpMs += ms;
  else if (r.state === "not_ready") {
    const reason = r.reason || "No reason";
    d.notReadyMs[reason] = (d.notReadyMs[reason] ?? 0) + ms;
  }
}

function emptyDay(agentId: string, day: number): AgentDay {
  return {
    agentId,
    day,
    handled: {},
    talkMs: 0,
    readyMs: 0,
    busyMs: 0,
    wrapUpMs: 0,
    notReadyMs: {},
    loggedInMs: 0,
    missed: 0,
    rejected: 0,
    transfers: 0,
  };
}
