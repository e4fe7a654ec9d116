import type { DialogOwner, DialogTable } from "../sip/index.ts";
import type { Call } from "./call.ts";

/**
 * The trunk calls the appliance holds, found by their SIP Call-ID (requests within their dialogs) and by
 * their interaction (the console's controls, routing's events). A call is held from the moment it is
 * answered or dialled until it is forgotten, once: whoever forgets it first handles its end. While it is held,
 * its dialog is in the endpoint's dialog table, which hands the dialog's requests to the call's owner.
 */
export class CallTable implements Iterable<Call> {
  readonly #byCallId = new Map<string, Call>();
  readonly #byInteraction = new Map<string, Call>();

  constructor(private readonly dialogs: Pick<DialogTable, "add" | "remove">) {}

  get size(): number {
    return this.#byCallId.size;
  }

  byCallId(callId: string): Call | undefined {
    return this.#byCallId.get(callId);
  }

  byInteraction(interactionId: string): Call | undefined {
    return this.#byInteraction.get(interactionId);
  }

  has(call: Call): boolean {
    return this.#byCallId.get(call.callId) === call;
  }

  /** Holds a new call, found by its Call-ID and, once it has one, by its interaction; `owner` takes its dialog's requests. */
  adopt(call: Call, owner: DialogOwner): void {
    this.dialogs.add(call.dialog, owner);
    this.#byCallId.set(call.callId, call);
    if (call.interactionId) this.#byInteraction.set(call.interactionId, call);
  }

  /** The call becomes the voice of this interaction (once; the call refuses a second). */
  attach(call: Call, interactionId: string): void {
    call.attachInteraction(interactionId);
    if (this.has(call)) this.#byInteraction.set(interactionId, call);
  }

  /** Takes a held call from its interaction (transferred out); the call stays held by its Call-ID. Returns the interaction's id. */
  detach(call: Call): string {
    this.unlinkInteraction(call.interactionId, call);
    return call.detachInteraction();
  }

  /**
   * The interaction is over while its call goes on a little (a last announcement plays): routing's events
   * for it no longer find the call, which still answers to its Call-ID.
   */
  unlinkInteraction(interactionId: string, call = this.#byInteraction.get(interactionId)): void {
    if (call && this.#byInteraction.get(interactionId) === call) this.#byInteraction.delete(interactionId);
  }

  /** Lets go of a call that ends; false when it was no longer held, so each end is handled once. */
  forget(call: Call): boolean {
    if (!this.has(call)) return false;
    this.#byCallId.delete(call.callId);
    this.dialogs.remove(call.dialog);
    this.unlinkInteraction(call.interactionId, call);
    return true;
  }

  [Symbol.iterator](): Iterator<Call> {
    return [...this.#byCallId.values()][Symbol.iterator]();
  }
}
