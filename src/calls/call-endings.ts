import type { AudioClip } from "../media/index.ts";
import type { Routing } from "../routing/index.ts";
import type { Logger } from "../shared/index.ts";
import type { AgentPanels } from "./agent-panels.ts";
import type { Call } from "./call.ts";
import type { CallTable } from "./call-table.ts";
import type { InvitesOut } from "./invites-out.ts";
import { failureMessage } from "./outbound-outcome.ts";
import { type CallSignalling, sendBye } from "./signalling.ts";

export type CallEndingsOptions = {
  readonly endpoint: CallSignalling;
  readonly routing: Routing;
  readonly log: Logger;
};

/**
 * How trunk calls end (FEATURES V2, V3, V4). Each end is handled once: the call is forgotten by the table
 * first, so the interaction events the end causes find nothing more to do. The far end is let go (a CANCEL
 * while a dialled number still rings, a BYE once answered), the media is freed, a call joined to this one by a
 * transfer out ends with it, a transfer still ringing is cancelled, and the interaction ends too.
 */
export class CallEndings {
  constructor(
    private readonly o: CallEndingsOptions,
    private readonly calls: CallTable,
    private readonly invites: InvitesOut,
    private readonly panels: AgentPanels,
  ) {}

  /** The call failed or its media says it is over: the far end is let go and the interaction ends with `reason`. */
  lost(call: Call, reason: string): void {
    this.finish(call, reason, true);
  }

  /** The far end hung up (its BYE): the interaction ends, abandoned while the call was queued. */
  farEndLeft(call: Call): void {
    this.finish(call, "customer-left", false);
  }

  /** We hang up an answered call (or cancel one still ringing out), without ending its interaction. */
  hangUp(call: Call): void {
    if (this.calls.forget(call)) this.release(call, true);
  }

  /** Forgets a call that never answered (or was cancelled) and frees its media, without signalling. */
  discard(call: Call): void {
    this.calls.forget(call);
    call.end();
  }

  /** A last announcement (overflow, closed hours), then the BYE; a caller who hangs up first just ends the call. */
  sendOff(call: Call, clip: AudioClip | null): void {
    if (clip && call.state !== "ended") call.farewell(clip, () => this.hangUp(call));
    else this.hangUp(call);
  }

  private finish(call: Call, reason: string, tellFarEnd: boolean): void {
    if (!this.calls.forget(call)) return;
    this.release(call, tellFarEnd);
    if (!call.interactionId) return;
    this.endInteraction(call.interactionId, reason);
    this.panels.changed(call);
    const failure = failureMessage(reason);
    if (failure && call.agentId) {
      const number = this.o.routing.get(call.interactionId).customerAddress;
      this.panels.notify(call.agentId, call.interactionId, `The call to ${number} did not connect: ${failure}.`, "error");
    }
  }

  /** Lets go of the far end (CANCEL while it still rings, BYE once answered), frees the media, and what hangs on the call. */
  private release(call: Call, tellFarEnd: boolean): void {
    const transfer = call.takeTransfer();
    if (transfer) this.hangUp(transfer);
    if (tellFarEnd && !this.invites.cancel(call) && call.state !== "dialing")
      sendBye(this.o.endpoint, call.dialog, call.nextSeq(), this.o.log);
    call.end();
    const partner = call.partner;
    if (partner && partner.state !== "ended") this.hangUp(partner);
  }

  private endInteraction(interactionId: string, reason: string): void {
    const i = this.o.routing.get(interactionId);
    if (i.status === "queued") this.o.routing.abandon(interactionId);
    else if (i.status === "active") this.o.routing.end(interactionId, null, reason);
  }
}
