import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { loadAgentReport } from "./agent-report.ts";
import { queueMembers } from "./read-model.ts";
import { dayStart, wallLabel } from "./time-zone.ts";

/** One agent's day in a few figures (FEATURES C12). */
export type DayFigures = {
  handled: number;
  /** Talk and wrap-up time per interaction handled, or null before the first. */
  averageHandleMs: number | null;
  readyMs: number;
  busyMs: number;
  wrapUpMs: number;
  notReadyMs: number;
  loggedInMs: number;
};

export type MyStats = { me: DayFigures; department: DayFigures | null; colleagues: number };

/**
 * The agent's figures for today in the center's zone, beside the average of everyone who worked today
 * in the agent's departments (the agent included). From the reporting log, up to this moment.
 */
export function myStats(db: Db, userId: string, now: number, zone: string): MyStats {
  const from = dayStart(wallLabel(now, zone, false), zone);
  const queueIds = db
    .select({ id: queueMembers.queueId })
    .from(queueMembers)
    .where(eq(queueMembers.userId, userId))
    .all()
    .map((r) => r.id);
  const peers = queueIds.length
    ? [
        ...new Set(
          db
            .select({ id: queueMembers.userId })
            .from(queueMembers)
            .where(inArray(queueMembers.queueId, queueIds))
            .all()
            .map((r) => r.id),
        ),
      ]
    : [];
  const days = loadAgentReport(db, { agentIds: [...new Set([userId, ...peers])], from, to: now + 1, zone, now });
  const figures = (agentId: string) => {
    const d = days.filter((x) => x.agentId === agentId);
    const sum = (pick: (x: (typeof d)[number]) => number) => d.reduce((n, x) => n + pick(x), 0);
    const handled = sum((x) => Object.values(x.handled).reduce((a, b) => a + b, 0));
    return {
      handled,
      averageHandleMs: handled ? (sum((x) => x.talkMs) + sum((x) => x.wrapUpMs)) / handled : null,
      readyMs: sum((x) => x.readyMs),
      busyMs: sum((x) => x.busyMs),
      wrapUpMs: sum((x) => x.wrapUpMs),
      notReadyMs: sum((x) => Object.values(x.notReadyMs).reduce((a, b) => a + b, 0)),
      loggedInMs: sum((x) => x.loggedInMs),
    };
  };
  const worked = peers.map(figures).filter((f) => f.loggedInMs > 0);
  return { me: figures(userId), department: worked.length ? averageOf(worked) : null, colleagues: worked.length };
}

function averageOf(all: DayFigures[]): DayFigures {
  const mean = (pick: (f: DayFigures) => number) => all.reduce((n, f) => n + pick(f), 0) / all.length;
  const handled = all.reduce((n, f) => n + f.handled, 0);
  const handleMs = all.reduce((n, f) => n + (f.averageHandleMs ?? 0) * f.handled, 0);
  return {
    handled: mean((f) => f.handled),
    averageHandleMs: handled ? handleMs / handled : null,
    readyMs: mean((f) => f.readyMs),
    busyMs: mean((f) => f.busyMs),
    wrapUpMs: mean((f) => f.wrapUpMs),
    notReadyMs: mean((f) => f.notReadyMs),
    loggedInMs: mean((f) => f.loggedInMs),
  };
}
