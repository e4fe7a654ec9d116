import type { ClientTransaction } from "../sip/index.ts";
import type { OutboundTarget } from "../trunk/index.ts";
import type { Call } from "./call.ts";
import type { Dialog } from "./dialog.ts";
import type { CallSignalling } from "./signalling.ts";

/** What the one who placed a call out hears of its progress. */
export type Progress = {
  alerting(call: Call, earlyMedia: boolean): void;
  answered(call: Call, dialog: Dialog): void;
  failed(call: Call, reason: string): void;
};

/** An INVITE of ours still waiting for its final answer. */
export type PendingInvite = {
  readonly tx: ClientTransaction;
  readonly line: OutboundTarget;
  readonly seq: number;
  readonly challenged: boolean;
  cancelled: boolean;
  readonly progress: Progress;
};

/**
 * The INVITEs we sent that have no final answer yet, by call: a call still ringing out is let go with a
 * CANCEL rather than a BYE (RFC 3261 §9.1).
 */
export class InvitesOut {
  readonly #pending = new Map<Call, PendingInvite>();

  constructor(private readonly endpoint: Pick<CallSignalling, "cancel">) {}

  get(call: Call): PendingInvite | undefined {
    return this.#pending.get(call);
  }

  sent(call: Call, invite: PendingInvite): void {
    this.#pending.set(call, invite);
  }

  /** The final answer came: the INVITE is no longer pending. */
  settle(call: Call): PendingInvite | undefined {
    const pending = this.#pending.get(call);
    this.#pending.delete(call);
    return pending;
  }

  /** Is this call still ringing out? Then it is CANCELled (true); a call answered needs a BYE instead. */
  cancel(call: Call): boolean {
    const pending = this.#pending.get(call);
    if (!pending) return false;
    pending.cancelled = true;
    this.endpoint.cancel(pending.tx);
    return true;
  }
}
