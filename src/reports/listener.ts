import type { Db } from "../db/index.ts";
import type { AppEvent, AppEvents } from "../events.ts";
import type { EventBus } from "../shared/index.ts";
import { reportEvents } from "./schema.ts";

/** The events kept for reports (FEATURES R3, S4), appended as they are published. */
export const REPORTED_EVENTS = [
  "agent.state_changed",
  "interaction.queued",
  "interaction.started",
  "interaction.accepted",
  "interaction.ended",
  "interaction.wrapped_up",
  "interaction.transferred",
  "interaction.overflowed",
  "queue.left",
  "offer.closed",
] as const satisfies readonly AppEvent[];

export type ReportedEvent = (typeof REPORTED_EVENTS)[number];

/**
 * The fields a report row has columns for; the rest of the payload is kept as JSON. Every reported payload
 * fits this shape (tsc checks it where the listener subscribes).
 */
type Columns = { at: number; interactionId?: string; agentId?: string | null; userId?: string; queueId?: string | null };

/** Subscribes the append-only reporting log to the bus; returns an unsubscribe function. */
export function attachReportLog(db: Db, bus: EventBus<Pick<AppEvents, ReportedEvent>>): () => void {
  const insert = db.$client.prepare(
    "INSERT INTO report_events (at, type, interaction_id, agent_id, queue_id, data) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const offs = REPORTED_EVENTS.map((type) =>
    bus.subscribe(type, (p: Columns) => {
      const { at, interactionId, agentId, userId, queueId, ...rest } = p;
      insert.run(at, type, interactionId ?? null, agentId ?? userId ?? null, queueId ?? null, JSON.stringify(rest));
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}

export { reportEvents };
