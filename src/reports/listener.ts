import type { Db } from "../db/index.ts";
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
] as const;

/** Subscribes the append-only reporting log to the bus; returns an unsubscribe function. */
export function attachReportLog(db: Db, bus: EventBus): () => void {
  const insert = db.$client.prepare(
    "INSERT INTO report_events (at, type, interaction_id, agent_id, queue_id, data) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const offs = REPORTED_EVENTS.map((type) =>
    bus.subscribe(type, (p) => {
      const { at, interactionId, agentId, userId, queueId, ...rest } = p;
      insert.run(Number(at ?? Date.now()), type, str(interactionId), str(agentId ?? userId), str(queueId), JSON.stringify(rest));
    }),
  );
  return () => {
    for (const off of offs) off();
  };
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

export { reportEvents };
