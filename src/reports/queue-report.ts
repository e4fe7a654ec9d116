import type { Db } from "../db/index.ts";
import { SERVICE_LEVEL_MS } from "../supervisor/index.ts";
import { type Interval, intervalStart } from "./time-zone.ts";

/** Abandons within this many ms of entering the queue are counted apart (the caller changed their mind). */
export const SHORT_ABANDON_MS = 5_000;
/** A wrap-up is looked for this long after the work ended (the longest safety net holds an agent a day). */
const WRAP_UP_LIMIT_MS = 86_400_000;
/** 15-minute slots: the finest interval, and a divisor of every zone offset in use. */
export const SLOT_MS = 900_000;

/** The service-level threshold: the live view's, until departments have their own (then joined per queue). */
export function serviceLevelMs(): number {
  return SERVICE_LEVEL_MS;
}

/**
 * One department's figures over one interval. Work is counted in the interval it entered the queue
 * (offered, and what became of it: answered, abandoned, overflowed out, still waiting); ring timeouts,
 * transfers out and ratings in the interval they happened.
 */
export type QueueFigures = {
  offered: number;
  answered: number;
  abandoned: number;
  abandonedShort: number;
  overflowedOut: number;
  stillWaiting: number;
  transferredIn: number;
  overflowedIn: number;
  transferredOut: number;
  ringTimeouts: number;
  waitSumMs: number;
  waitMaxMs: number;
  answeredInTime: number;
  handled: number;
  handleSumMs: number;
  ratings: number;
  ratingSum: number;
};

export type QueueReportRow = { queueId: string; start: number; figures: QueueFigures };

export function emptyFigures(): QueueFigures {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    abandonedShort: 0,
    overflowedOut: 0,
    stillWaiting: 0,
    transferredIn: 0,
    overflowedIn: 0,
    transferredOut: 0,
    ringTimeouts: 0,
    waitSumMs: 0,
    waitMaxMs: 0,
    answeredInTime: 0,
    handled: 0,
    handleSumMs: 0,
    ratings: 0,
    ratingSum: 0,
  };
}

type SlotRow = { q: string | null; slot: number } & Partial<Record<keyof QueueFigures, number | null>>;

const ENTRIES = `
  SELECT CASE type WHEN 'interaction.queued' THEN queue_id ELSE json_extract(data, '$.toQueueId') END AS q,
         at / ${SLOT_MS} AS slot, count(*) AS offered,
         sum(type = 'interaction.transferred') AS transferredIn, sum(type = 'interaction.overflowed') AS overflowedIn
  FROM report_events
  WHERE type IN ('interaction.queued', 'interaction.overflowed', 'interaction.transferred') AND at >= ?1 AND at < ?2
  GROUP BY q, slot`;

/** Outcomes of the visits that began in the range, whenever they ended (a wait may run past the range's end). */
const OUTCOMES = `
  SELECT q, entered / ${SLOT_MS} AS slot,
         sum(r = 'accepted') AS answered, sum(r = 'abandoned') AS abandoned,
         sum(r = 'abandoned' AND w <= ${SHORT_ABANDON_MS}) AS abandonedShort, sum(r = 'timeout') AS overflowedOut,
         sum(CASE WHEN r = 'accepted' THEN w ELSE 0 END) AS waitSumMs, max(CASE WHEN r = 'accepted' THEN w ELSE 0 END) AS waitMaxMs,
         sum(r = 'accepted' AND w <= ${serviceLevelMs()}) AS answeredInTime
  FROM (SELECT queue_id AS q, json_extract(data, '$.reason') AS r, coalesce(json_extract(data, '$.waitedMs'), 0) AS w,
               at - coalesce(json_extract(data, '$.waitedMs'), 0) AS entered
        FROM report_events WHERE type = 'queue.left' AND at >= ?1)
  WHERE entered >= ?1 AND entered < ?2
  GROUP BY q, slot`;

const RING_TIMEOUTS = `
  SELECT queue_id AS q, at / ${SLOT_MS} AS slot, count(*) AS ringTimeouts
  FROM report_events
  WHERE type = 'offer.closed' AND at >= ?1 AND at < ?2 AND queue_id IS NOT NULL AND json_extract(data, '$.status') = 'timeout'
  GROUP BY q, slot`;

const TRANSFERS_OUT = `
  SELECT json_extract(data, '$.fromQueueId') AS q, at / ${SLOT_MS} AS slot, count(*) AS transferredOut
  FROM report_events WHERE type = 'interaction.transferred' AND at >= ?1 AND at < ?2
  GROUP BY q, slot`;

/**
 * Handle time of the work answered from each department: talk from its acceptance to the end of the
 * interaction (or its transfer to another department), plus the wrap-up that followed, until the form was
 * sent or the agent left wrap-up. Work still in progress is not counted yet.
 */
const HANDLE = `
  WITH acc AS (
    SELECT id, interaction_id AS iid, queue_id AS q, at, at - coalesce(json_extract(data, '$.waitedMs'), 0) AS entered
    FROM report_events WHERE type = 'queue.left' AND at >= ?1 AND json_extract(data, '$.reason') = 'accepted'),
  ends AS MATERIALIZED (
    SELECT q, entered, at AS acceptedAt, iid,
           (SELECT e.id FROM report_events e WHERE e.interaction_id = acc.iid AND e.id > acc.id
              AND e.type IN ('interaction.ended', 'interaction.transferred') ORDER BY e.id LIMIT 1) AS endId
    FROM acc WHERE entered >= ?1 AND entered < ?2),
  closed AS MATERIALIZED (
    SELECT ends.q, ends.entered, e.at - ends.acceptedAt AS talk, e.at AS endedAt,
           e.type = 'interaction.transferred' OR json_extract(e.data, '$.wrapUp') AS wraps,
           (SELECT min(w.at) FROM report_events w
             WHERE w.interaction_id = ends.iid AND w.type = 'interaction.wrapped_up' AND w.id > e.id
               AND w.agent_id = coalesce(e.agent_id, json_extract(e.data, '$.fromAgentId'))) AS formSent,
           CASE WHEN e.type = 'interaction.ended' THEN
             (SELECT w.at FROM report_events w INDEXED BY report_events_agent_idx
               WHERE w.agent_id = e.agent_id AND w.type = 'agent.state_changed' AND w.at >= e.at AND w.at < e.at + ${WRAP_UP_LIMIT_MS} AND w.id > e.id
                 AND json_extract(w.data, '$.from') = 'wrap_up' ORDER BY w.at, w.id LIMIT 1) END AS wrapLeft
    FROM ends JOIN report_events e ON e.id = ends.endId),
  timed AS (
    SELECT q, entered, talk, endedAt, wraps, min(coalesce(formSent, wrapLeft), coalesce(wrapLeft, formSent)) AS wrapEnd FROM closed)
  SELECT q, entered / ${SLOT_MS} AS slot, count(*) AS handled,
         sum(talk + CASE WHEN wraps AND wrapEnd IS NOT NULL THEN wrapEnd - endedAt ELSE 0 END) AS handleSumMs
  FROM timed GROUP BY q, slot`;

/** Customer ratings given in the range, counted in the department that handled the chat. */
const RATINGS = `
  SELECT i.queue_id AS q, c.rated_at / ${SLOT_MS} AS slot, count(*) AS ratings, sum(c.rating) AS ratingSum
  FROM conversations c JOIN interactions i ON i.id = c.interaction_id
  WHERE c.rating IS NOT NULL AND c.rated_at >= ?1 AND c.rated_at < ?2
  GROUP BY q, slot`;

export type QueueReportQuery = { queueIds: string[]; from: number; to: number; interval: Interval; zone: string };

/** Every department's figures per interval over [from, to), from the reporting log; empty intervals left out. */
export function loadQueueReport(db: Db, query: QueueReportQuery): QueueReportRow[] {
  const { from, to, interval, zone } = query;
  const wanted = new Set(query.queueIds);
  const buckets = new Map<string, QueueReportRow>();
  const starts = new Map<number, number>();
  const bucket = (q: string, slot: number) => {
    let start = starts.get(slot);
    if (start === undefined) {
      start = intervalStart(slot * SLOT_MS, interval, zone);
      starts.set(slot, start);
    }
    const key = `${q}|${start}`;
    let row = buckets.get(key);
    if (!row) {
      row = { queueId: q, start, figures: emptyFigures() };
      buckets.set(key, row);
    }
    return row.figures;
  };
  for (const sql of [ENTRIES, OUTCOMES, RING_TIMEOUTS, TRANSFERS_OUT, HANDLE, RATINGS]) {
    for (const r of db.$client.query(sql).all(from, to) as SlotRow[]) {
      if (!r.q || !wanted.has(r.q)) continue;
      const f = bucket(r.q, r.slot);
      for (const [k, v] of Object.entries(r)) {
        if (k === "q" || k === "slot" || typeof v !== "number") continue;
        const name = k as keyof QueueFigures;
        f[name] = name === "waitMaxMs" ? Math.max(f[name], v) : f[name] + v;
      }
    }
  }
  const rows = [...buckets.values()];
  for (const { figures: f } of rows) f.stillWaiting = f.offered - f.answered - f.abandoned - f.overflowedOut;
  return rows.sort((a, b) => a.queueId.localeCompare(b.queueId) || a.start - b.start);
}

/** The figures of several rows together (a department's total, or all departments in one interval). */
export function sumFigures(rows: QueueFigures[]): QueueFigures {
  const out = emptyFigures();
  for (const f of rows)
    for (const k of Object.keys(out) as (keyof QueueFigures)[]) out[k] = k === "waitMaxMs" ? Math.max(out[k], f[k]) : out[k] + f[k];
  return out;
}

/** Service level in percent: answered within the threshold among the work that left the queue. */
export function serviceLevel(f: QueueFigures): number | null {
  const left = f.answered + f.abandoned + f.overflowedOut;
  return left ? Math.round((100 * f.answeredInTime) / left) : null;
}
