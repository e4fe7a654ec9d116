import type { Routing } from "../routing/index.ts";
import { Conflict } from "../shared/index.ts";
import type { Call } from "./call.ts";
import type { Dialog } from "./dialog.ts";
import type { OutboundCalls } from "./outbound-calls.ts";
import { failureMessage } from "./outbound-outcome.ts";

type Hooks = {
  /** Takes the call away from its interaction (its panel), keeping its dialog. */
  detach(call: Call): void;
  /** Forgets a leg that never answered (or was cancelled) and frees its media, without signalling. */
  discard(call: Call): void;
  /** Ends an answered leg with a BYE. */
  hangUp(call: Call): void;
  changed(call: Call): void;
  notify(agentId: string, interactionId: string, message: string, kind: "ok" | "error"): void;
};

/**
 * Blind transfer of a trunk call to an outside number (FEATURES V4). The caller hears music while the number
 * rings; when it answers, the two far ends are joined through the appliance and the agent is free (wrap-up
 * as after any call). When it does not, the caller is back with the agent, who is told why.
 */
export class TransfersOut {
  readonly #ringing = new Map<Call, { leg: Call; number: string }>();

  constructor(
    private readonly outbound: OutboundCalls,
    private readonly routing: Routing,
    private readonly hooks: Hooks,
  ) {}

  async start(call: Call, agentId: string, dialled: string): Promise<void> {
    if (this.#ringing.has(call)) throw new Conflict("A transfer of this call is already ringing.");
    const wasHeld = call.state === "held";
    if (!wasHeld) call.hold();
    try {
      const leg = await this.outbound.leg(dialled, {
        alerting: () => {},
        answered: (leg, dialog) => this.answered(call, leg, dialog, agentId),
        failed: (leg, reason) => this.failed(call, leg, reason, wasHeld, agentId),
      });
      this.#ringing.set(call, { leg, number: dialled.trim() });
    } catch (error) {
      if (!wasHeld && call.state === "held") call.resume();
      throw error;
    }
    this.hooks.changed(call);
  }

  /** The number this call is being transferred to, while it rings. */
  target(call: Call): string | null {
    return this.#ringing.get(call)?.number ?? null;
  }

  /** The call ended while its transfer rang: the outside leg is cancelled. */
  drop(call: Call): void {
    const ringing = this.#ringing.get(call);
    if (!ringing) return;
    this.#ringing.delete(call);
    this.outbound.cancel(ringing.leg);
    this.hooks.discard(ringing.leg);
  }

  private answered(call: Call, leg: Call, dialog: Dialog, agentId: string): void {
    this.#ringing.delete(call);
    leg.answered(dialog);
    if (call.state === "ended") return void this.hooks.hangUp(leg);
    const interactionId = call.interactionId;
    this.hooks.detach(call);
    call.joinWith(leg);
    this.routing.end(interactionId, agentId, "transferred-out");
    this.hooks.notify(agentId, interactionId, "Transfer successful", "ok");
  }

  private failed(call: Call, leg: Call, reason: string, wasHeld: boolean, agentId: string): void {
    const number = this.#ringing.get(call)?.number ?? "the number";
    this.#ringing.delete(call);
    this.hooks.discard(leg);
    if (call.state === "ended") return;
    if (!wasHeld && call.state === "held") call.resume();
    this.hooks.changed(call);
    const why = failureMessage(reason) ?? "the call failed";
    this.hooks.notify(agentId, call.interactionId, `The transfer to ${number} failed: ${why}. The caller is still with you.`, "error");
  }
}
