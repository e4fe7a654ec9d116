import { WaitingList, type WaitingRow } from "../../../views/console/waiting-list.tsx";
import { waitingInQueuesOf } from "../../routing/index.ts";
import type { SseMessage } from "../../shared/index.ts";
import { type ConsoleUser, type ModelDeps, revealer } from "../console-model.ts";

/** What waits in the agent's departments, as the list shows it: a masked number when the agent's numbers are masked. */
export function waitingView(deps: ModelDeps, user: ConsoleUser): WaitingRow[] {
  const reveal = revealer(deps, user);
  const now = deps.clock.now();
  return waitingInQueuesOf(deps.db, user.id).map(({ interaction: i, queue }) => ({
    id: i.id,
    channel: i.channel,
    customer: i.customerName || reveal(i.customerAddress) || "Unknown",
    department: queue.name,
    waitedMs: now - (i.queuedAt ?? now),
    pick: queue.workMode === "pick",
  }));
}

export const WAITING_EVENT = "waiting";

export function waitingEvent(deps: ModelDeps, user: ConsoleUser, csrf: string | null = null): SseMessage {
  return { event: WAITING_EVENT, data: String(<WaitingList rows={waitingView(deps, user)} csrf={csrf} />) };
}
