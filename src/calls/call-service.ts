import type { AudioClip, DtmfDigit } from "../media/index.ts";
import type { Interaction } from "../routing/index.ts";
import { Conflict, type EventBus, Forbidden, NotFound } from "../shared/index.ts";
import type { DialogOwner, IncomingRequest, ServerTransaction } from "../sip/index.ts";
import type { Call } from "./call.ts";
import { type CallView, type PhoneLookup, viewOf } from "./call-view.ts";
import { DTMF_INFO_TYPES, readDtmfInfo, sendInfoDigit } from "./dtmf-info.ts";
import { InboundCalls } from "./inbound-calls.ts";
import { type Colleague, InternalCalls } from "./internal-calls.ts";
import { OutboundCalls, type OutboundOptions } from "./outbound-calls.ts";
import { failureMessage } from "./outbound-outcome.ts";
import { answerWith, offerOf, sendBye } from "./signalling.ts";
import { retune } from "./queue-sounds.ts";
import { TransfersOut } from "./transfer-out.ts";
import { CALL_NOTICE, CALL_UPDATED } from "./call-events.ts";

export { CALL_NOTICE, CALL_UPDATED } from "./call-events.ts";

export type CallServiceOptions = OutboundOptions & {
  readonly bus: EventBus;
  /** The agent's browser phone as a media leg, null when none is registered. */
  readonly phone: PhoneLookup;
  /** The signed-in agent with this extension, for internal calls; none when absent. */
  colleague?(extension: string): Colleague | null;
};

/** Who dials, as the console knows them: the name and extension their colleague sees, and whether they may call out. */
export type Dialler = { readonly id: string; readonly name: string; readonly extension: string; readonly outside: boolean };

export type CallControl = "hang_up" | "hold" | "resume" | "mute" | "unmute";

/**
 * The voice channel (FEATURES V2, V4): trunk INVITEs become queued voice interactions with hold music,
 * the agent who answers is bridged to the caller through their browser phone, and the console's controls
 * act on the call. Every end (either side hangs up, the caller's media stops) ends both the SIP dialog and
 * the interaction.
 */
export class CallService {
  readonly #byInteraction = new Map<string, Call>();
  readonly #byCallId = new Map<string, Call>();
  readonly #inbound: InboundCalls;
  readonly #outbound: OutboundCalls;
  readonly #internal: InternalCalls;
  readonly #transfers: TransfersOut;
  readonly #offs: (() => void)[];

  constructor(private readonly o: CallServiceOptions) {
    this.#inbound = new InboundCalls(o, {
      count: () => this.#byCallId.size,
      adopt: (call) => this.adopt(call),
      lost: (call, reason) => this.finish(call, reason, true),
      sendOff: (call, clip) => this.sendOff(call, clip),
    });
    this.#outbound = new OutboundCalls(o, {
      count: () => this.#byCallId.size,
      adopt: (call) => this.adopt(call),
      lost: (call, reason) => this.finish(call, reason, call.state !== "dialing"),
      changed: (call) => this.changed(call),
    });
    this.#internal = new InternalCalls({
      ...o,
      scheduler: o.media.scheduler,
      holdMusic: () => o.media.holdMusic(),
      failed: (agentId, interactionId, message) => this.notify(agentId, interactionId, message, "error"),
    });
    this.#transfers = new TransfersOut(this.#outbound, o.routing, {
      detach: (call) => {
        this.#byInteraction.delete(call.interactionId);
        call.interactionId = "";
      },
      discard: (call) => {
        this.forget(call);
        call.end();
      },
      hangUp: (call) => {
        if (this.forget(call)) this.release(call);
      },
      changed: (call) => this.changed(call),
      notify: (agentId, interactionId, message, kind) => this.notify(agentId, interactionId, message, kind),
    });
    this.#offs = [
      o.endpoint.on("INVITE", (invite, tx) => this.onInvite(invite, tx)),
      o.bus.subscribe("interaction.accepted", (p) => this.onAccepted(String(p.interactionId), String(p.agentId))),
      o.bus.subscribe("interaction.ended", (p) => this.onEnded(String(p.interactionId), String(p.reason))),
      o.bus.subscribe("interaction.transferred", (p) => this.onRequeued(String(p.interactionId), p.toQueueId)),
      o.bus.subscribe("interaction.overflowed", (p) => this.retune(String(p.interactionId), p.toQueueId)),
    ];
  }

  /** A new INVITE from the trunk (the trunk's restriction on the endpoint has checked where it came from). */
  onInvite(invite: IncomingRequest, tx: ServerTransaction): void {
    void this.#inbound.take(invite, tx);
  }

  /** Answer from the console: refused (409) while the agent's phone is not ready, so the call stays queued. */
  answer(offerId: string, agentId: string): Interaction {
    const offer = this.o.routing.ringingOffers(agentId).find((x) => x.id === offerId);
    if (offer && this.#byInteraction.has(offer.interactionId) && this.o.phone(agentId)?.state !== "ready")
      throw new Conflict('Your phone is not connected. Answer again once the phone says "Phone ready".');
    return this.o.routing.accept(offerId, agentId);
  }

  /**
   * The agent dials (FEATURES V3): a colleague's extension rings their console, anything else is an outside
   * number through the trunk (for agents allowed to call out). Their phone must be ready and free of another call.
   */
  async dial(who: Dialler, dialled: string): Promise<Interaction> {
    const phone = this.o.phone(who.id);
    if (phone?.state !== "ready") throw new Conflict('Your phone is not connected. Dial again once the phone says "Phone ready".');
    if (this.o.routing.openWork(who.id).some((i) => i.channel === "voice" && i.status === "active"))
      throw new Conflict("Finish your current call before dialling another number.");
    const colleague = this.#internal.colleagueAt(dialled);
    if (colleague) return this.#internal.dial(who.id, who.name, who.extension, colleague, dialled.trim());
    if (!who.outside) throw new Forbidden("You may call colleagues by their extension only.");
    return this.#outbound.dial(who.id, dialled, phone);
  }

  /** Hang up, hold, resume, mute or unmute the agent's own call. */
  control(interactionId: string, agentId: string, action: CallControl): void {
    if (this.#internal.has(interactionId)) return void this.#internal.control(interactionId, agentId, action);
    const call = this.own(interactionId, agentId);
    if (action === "hang_up") this.o.routing.end(interactionId, agentId, "completed");
    else if (action === "hold") call.hold();
    else if (action === "resume") call.resume();
    else call.setMuted(action === "mute");
    if (action !== "hang_up") this.changed(call);
  }

  /** A keypad digit to the caller: RFC 4733 when they offered telephone-events, else SIP INFO. */
  sendDigit(interactionId: string, agentId: string, digit: DtmfDigit): void {
    if (this.#internal.has(interactionId)) return void this.#internal.sendDigit(interactionId, agentId, digit);
    const call = this.own(interactionId, agentId);
    if (!call.sendDigit(digit)) sendInfoDigit(this.o.endpoint, call.dialog, call.nextSeq(), digit, this.o.log);
  }

  /**
   * Blind transfer to an extension or an outside number (FEATURES V4): a colleague's extension rings them as
   * a transfer to that agent does; an outside number is called while the caller hears music.
   */
  async transferToNumber(interactionId: string, who: Dialler, dialled: string): Promise<void> {
    const call = this.own(interactionId, who.id);
    if (call.state !== "connected" && call.state !== "held") throw new Conflict("This call is not in progress.");
    const colleague = this.#internal.colleagueAt(dialled);
    if (colleague) return this.o.routing.transferToAgent(interactionId, who.id, colleague.userId);
    if (!who.outside) throw new Forbidden("You may transfer to colleagues' extensions only.");
    await this.#transfers.start(call, who.id, dialled);
  }

  /** What the agent's voice panel shows; a call that has ended (or never was) shows as ended. */
  view(interactionId: string): CallView {
    const internal = this.#internal.view(interactionId);
    if (internal) return internal;
    const call = this.#byInteraction.get(interactionId);
    const view = viewOf(interactionId, call, this.o.phone);
    const target = call ? this.#transfers.target(call) : null;
    return target ? { ...view, transferringTo: target } : view;
  }

  /** The live call of an interaction, for the media figures (tests, supervisors). */
  find(interactionId: string): Call | undefined {
    return this.#byInteraction.get(interactionId);
  }

  /** The trunk calls in progress, with or without an interaction (a caller hearing the closed announcement has none). */
  trunkCalls(): Call[] {
    return [...this.#byCallId.values()];
  }

  /** Trunk calls and agent-to-agent calls in progress. */
  get activeCalls(): number {
    return this.#byCallId.size + this.#internal.activeCalls;
  }

  /** The appliance stops: every caller gets a BYE; interactions are left for routing's restore. */
  stop(): void {
    for (const off of this.#offs) off();
    this.#internal.stop();
    for (const call of [...this.#byCallId.values()]) {
      this.forget(call);
      this.release(call);
    }
  }

  private adopt(call: Call): void {
    call.onDigit(() => this.changed(call));
    this.o.endpoint.dialogs.add(call.dialog, this.dialogRequests(call));
    this.#byCallId.set(call.dialog.callId, call);
    if (call.interactionId) this.#byInteraction.set(call.interactionId, call);
  }

  /** What the endpoint's dialog table hands this call: the far end hangs up, re-INVITEs (hold, new media), sends a digit. */
  private dialogRequests(call: Call): DialogOwner {
    return {
      BYE: (_bye, tx) => {
        tx.respond(200);
        this.finish(call, "customer-left", false);
      },
      INFO: (info, tx) => this.onInfo(call, info, tx),
      INVITE: (invite, tx) => {
        const offer = offerOf(invite);
        const sdp = offer === null ? null : call.answer(offer);
        if (sdp === null) tx.respond(488, { reason: "Only G.711 audio with an SDP offer is accepted" });
        else tx.respond(200, answerWith(this.o.endpoint, invite, tx.source, sdp));
      },
    };
  }

  /** A digit in SIP INFO (the fallback to RFC 4733): taken like an RFC 4733 one; another body is refused. */
  private onInfo(call: Call, request: IncomingRequest, tx: ServerTransaction): void {
    const read = readDtmfInfo(request);
    if (!read.ok) {
      const accept = read.status === 415 ? [{ name: "Accept", value: DTMF_INFO_TYPES.join(", ") }] : [];
      tx.respond(read.status, { reason: read.reason, headers: accept });
      return;
    }
    tx.respond(200);
    if (read.digit) call.digitFromCaller(read.digit);
  }

  private own(interactionId: string, agentId: string): Call {
    const call = this.#byInteraction.get(interactionId);
    if (!call || call.agentId !== agentId) throw new NotFound("There is no such call.");
    return call;
  }

  private onAccepted(interactionId: string, agentId: string): void {
    const call = this.#byInteraction.get(interactionId);
    if (!call) return;
    call.connect(agentId, this.o.phone(agentId));
    this.changed(call);
  }

  /** Transferred to a department: its music again while it waits there. */
  private onRequeued(interactionId: string, queueId: unknown): void {
    const call = this.#byInteraction.get(interactionId);
    if (!call || call.state === "queued") return;
    call.requeue();
    this.retune(interactionId, queueId);
    this.changed(call);
  }

  /** The caller now waits in another department (a transfer, an overflow): that department's sounds. */
  private retune(interactionId: string, queueId: unknown): void {
    const call = this.#byInteraction.get(interactionId);
    if (call && typeof queueId === "string") retune(call, queueId, this.o.sounds, this.o.log);
  }

  /**
   * Routing ended the interaction (Hang up, End session, nowhere left to queue): the caller gets a BYE; after
   * an overflow to an announcement, once the queue's overflow announcement has played.
   */
  private onEnded(interactionId: string, reason: string): void {
    const call = this.#byInteraction.get(interactionId);
    if (!call) return;
    const queueId = reason === "overflow-announcement" ? this.o.routing.get(interactionId).queueId : null;
    const farewell = queueId ? this.o.sounds?.farewell(queueId, "overflow").catch(() => null) : undefined;
    this.#byInteraction.delete(interactionId);
    if (farewell) void farewell.then((clip) => this.sendOff(call, clip));
    else this.sendOff(call, null);
    this.changed(call);
  }

  /** A last announcement (overflow, closed hours), then the BYE; a caller who hangs up first just ends the call. */
  private sendOff(call: Call, clip: AudioClip | null): void {
    const hangUp = () => {
      if (this.forget(call)) this.release(call);
    };
    if (clip && call.state !== "ended") call.farewell(clip, hangUp);
    else hangUp();
  }

  /** Lets go of the far end: CANCEL while a dialled number still rings, BYE otherwise; then frees the media. */
  private release(call: Call): void {
    this.#transfers.drop(call);
    if (!this.#outbound.cancel(call)) sendBye(this.o.endpoint, call.dialog, call.nextSeq(), this.o.log);
    call.end();
    this.releasePartner(call);
  }

  /** A call joined to another by a transfer out ends with it. */
  private releasePartner(call: Call): void {
    const partner = call.partner;
    if (partner && partner.state !== "ended" && this.forget(partner)) this.release(partner);
  }

  /** The call ended on the SIP or media side: the interaction ends too (abandoned while queued). */
  private finish(call: Call, reason: string, bye: boolean): void {
    if (!this.forget(call)) return;
    this.#transfers.drop(call);
    if (bye) sendBye(this.o.endpoint, call.dialog, call.nextSeq(), this.o.log);
    call.end();
    this.releasePartner(call);
    if (!call.interactionId) return;
    this.endInteraction(call.interactionId, reason);
    this.changed(call);
    const failure = failureMessage(reason);
    if (failure && call.agentId) {
      const number = this.o.routing.get(call.interactionId).customerAddress;
      this.notify(call.agentId, call.interactionId, `The call to ${number} did not connect: ${failure}.`, "error");
    }
  }

  private endInteraction(interactionId: string, reason: string): void {
    const i = this.o.routing.get(interactionId);
    if (i.status === "queued") this.o.routing.abandon(interactionId);
    else if (i.status === "active") this.o.routing.end(interactionId, null, reason);
  }

  /** Removes the call from the tables first, so the interaction events it causes find nothing to do. */
  private forget(call: Call): boolean {
    if (this.#byCallId.get(call.dialog.callId) !== call) return false;
    this.#byCallId.delete(call.dialog.callId);
    this.o.endpoint.dialogs.remove(call.dialog);
    if (this.#byInteraction.get(call.interactionId) === call) this.#byInteraction.delete(call.interactionId);
    return true;
  }

  private notify(agentId: string, interactionId: string, message: string, kind: "ok" | "error"): void {
    this.o.bus.publish(CALL_NOTICE, { agentId, interactionId, message, kind });
  }

  private changed(call: Call): void {
    this.o.bus.publish(CALL_UPDATED, { interactionId: call.interactionId, agentId: call.agentId, state: call.state });
  }
}
