import type { EventBus } from "../shared/index.ts";
import { CALL_NOTICE, CALL_UPDATED, type CallEvents } from "./call-events.ts";
import type { CallState } from "./call-state.ts";

/** One agent's view of a call, as their voice panel is told of it. */
export type PanelCall = { readonly interactionId: string; readonly agentId: string | null; readonly state: CallState };

/** What the agents' voice panels hear of their calls: that a call changed, and notices to read (it did not connect, a transfer worked). */
export class AgentPanels {
  constructor(private readonly bus: EventBus<CallEvents>) {}

  changed(call: PanelCall): void {
    this.bus.publish(CALL_UPDATED, { interactionId: call.interactionId, agentId: call.agentId, state: call.state });
  }

  notify(agentId: string, interactionId: string, message: string, kind: "ok" | "error"): void {
    this.bus.publish(CALL_NOTICE, { agentId, interactionId, message, kind });
  }
}
