import type { Routing } from "../routing/index.ts";
import { Conflict } from "../shared/index.ts";
import type { AgentPanels } from "./agent-panels.ts";
import type { Call } from "./call.ts";
import type { CallEndings } from "./call-endings.ts";
import type { CallTable } from "./call-table.ts";
import type { Dialog } from "./dialog.ts";
import type { OutboundCalls } from "./outbound-calls.ts";
import { failureMessage } from "./outbound-outcome.ts";

/**
 * Blind transfer of a trunk call to an outside number (FEATURES V4). The caller hears music while the number
 * rings; when it answers, the two far ends are joined through the appliance and the agent is free (wrap-up
 * as after any call). When it does not, the caller is back with the agent, who is told why.
 */
export class TransfersOut {
  constructor(
    private readonly outbound: OutboundCalls,
    private readonly routing: Routing,
    private readonly calls: CallTable,
    private readonly endings: CallEndings,
    private readonly panels: AgentPanels,
  ) {}

  async start(call: Call, agentId: string, dialled: string): Promise<void> {
    if (call.transferringTo !== null) throw new Conflict("A transfer of this call is already ringing.");
    const wasHeld: boolean = call.state === "held"; // typed: the state changes below, across the await
    if (!wasHeld) call.hold();
    try {
      const leg = await this.outbound.leg(dialled, {
        alerting: () => {},
        answered: (leg, dialog) => this.answered(call, leg, dialog, agentId),
        failed: (leg, reason) => this.failed(call, leg, reason, wasHeld, agentId),
      });
      call.transferRings(leg, dialled.trim());
    } catch (error) {
      if (!wasHeld && call.state === "held") call.resume();
      throw error;
    }
    this.panels.changed(call);
  }

  private answered(call: Call, leg: Call, dialog: Dialog, agentId: string): void {
    call.takeTransfer();
    leg.answered(dialog);
    if (call.state === "ended") return void this.endings.hangUp(leg);
    const interactionId = this.calls.detach(call);
    call.joinWith(leg);
    this.routing.end(interactionId, agentId, "transferred-out");
    this.panels.notify(agentId, interactionId, "Transfer successful", "ok");
  }

  private failed(call: Call, leg: Call, reason: string, wasHeld: boolean, agentId: string): void {
    const number = call.transferringTo ?? "the number";
    call.takeTransfer();
    this.endings.discard(leg);
    if (call.state === "ended") return;
    if (!wasHeld && call.state === "held") call.resume();
    this.panels.changed(call);
    const why = failureMessage(reason) ?? "the call failed";
    this.panels.notify(agentId, call.interactionId, `The transfer to ${number} failed: ${why}. The caller is still with you.`, "error");
  }
}
