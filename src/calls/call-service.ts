import type { DtmfDigit } from "../media/index.ts";
import type { Interaction, RoutingEvents } from "../routing/index.ts";
import { Conflict, type EventBus, Forbidden, NotFound } from "../shared/index.ts";
import type { IncomingRequest, ServerTransaction } from "../sip/index.ts";
import { AgentPanels } from "./agent-panels.ts";
import type { Call } from "./call.ts";
import { CallEndings } from "./call-endings.ts";
import { CallTable } from "./call-table.ts";
import { type CallView, type PhoneLookup, viewOf } from "./call-view.ts";
import { sendInfoDigit } from "./dtmf-info.ts";
import { InDialogRequests } from "./in-dialog.ts";
import { InboundCalls } from "./inbound-calls.ts";
import { type Colleague, InternalCalls } from "./internal-calls.ts";
import { InvitesOut } from "./invites-out.ts";
import { OutboundCalls, type OutboundOptions } from "./outbound-calls.ts";
import { retune } from "./queue-sounds.ts";
import { TransfersOut } from "./transfer-out.ts";
import type { CallEvents } from "./call-events.ts";

export { CALL_NOTICE, CALL_UPDATED } from "./call-events.ts";

export type CallServiceOptions = OutboundOptions & {
  readonly bus: EventBus<CallEvents & RoutingEvents>;
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
  readonly #calls: CallTable;
  readonly #panels: AgentPanels;
  readonly #endings: CallEndings;
  readonly #inbound: InboundCalls;
  readonly #outbound: OutboundCalls;
  readonly #internal: InternalCalls;
  readonly #transfers: TransfersOut;
  readonly #offs: (() => void)[];

  constructor(private readonly o: CallServiceOptions) {
    const invites = new InvitesOut(o.endpoint);
    this.#calls = new CallTable(o.endpoint.dialogs);
    this.#panels = new AgentPanels(o.bus);
    this.#endings = new CallEndings(o, this.#calls, invites, this.#panels);
    const inDialog = new InDialogRequests(o.endpoint, this.#endings);
    this.#inbound = new InboundCalls(o, this.#calls, this.#endings, this.#panels, inDialog);
    this.#outbound = new OutboundCalls(o, this.#calls, this.#endings, invites, this.#panels, inDialog);
    this.#internal = new InternalCalls(o, this.#panels);
    this.#transfers = new TransfersOut(this.#outbound, o.routing, this.#calls, this.#endings, this.#panels);
    this.#offs = [
      o.endpoint.on("INVITE", (invite, tx) => this.onInvite(invite, tx)),
      o.bus.subscribe("interaction.accepted", (p) => this.onAccepted(p.interactionId, p.agentId)),
      o.bus.subscribe("interaction.ended", (p) => this.onEnded(p.interactionId, p.reason)),
      o.bus.subscribe("interaction.transferred", (p) => this.onRequeued(p.interactionId, p.toQueueId)),
      o.bus.subscribe("interaction.overflowed", (p) => this.retune(p.interactionId, p.toQueueId)),
    ];
  }

  /** A new INVITE from the trunk (the trunk's restriction on the endpoint has checked where it came from). */
  onInvite(invite: IncomingRequest, tx: ServerTransaction): void {
    void this.#inbound.take(invite, tx);
  }

  /** Answer from the console: refused (409) while the agent's phone is not ready, so the call stays queued. */
  answer(offerId: string, agentId: string): Interaction {
    const offer = this.o.routing.ringingOffers(agentId).find((x) => x.id === offerId);
    if (offer && this.#calls.byInteraction(offer.interactionId) && this.o.phone(agentId)?.state !== "ready")
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
    if (!call.audio.sendDigit(digit)) sendInfoDigit(this.o.endpoint, call.dialog, call.nextSeq(), digit, this.o.log);
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
    const call = this.#calls.byInteraction(interactionId);
    const view = viewOf(interactionId, call, this.o.phone);
    const target = call?.transferringTo;
    return target ? { ...view, transferringTo: target } : view;
  }

  /** The live call of an interaction, for the media figures (tests, supervisors). */
  find(interactionId: string): Call | undefined {
    return this.#calls.byInteraction(interactionId);
  }

  /** The trunk calls in progress, with or without an interaction (a caller hearing the closed announcement has none). */
  trunkCalls(): Call[] {
    return [...this.#calls];
  }

  /** Trunk calls and agent-to-agent calls in progress. */
  get activeCalls(): number {
    return this.#calls.size + this.#internal.activeCalls;
  }

  /** The appliance stops: every caller gets a BYE; interactions are left for routing's restore. */
  stop(): void {
    for (const off of this.#offs) off();
    this.#internal.stop();
    for (const call of this.#calls) this.#endings.hangUp(call);
  }

  private own(interactionId: string, agentId: string): Call {
    const call = this.#calls.byInteraction(interactionId);
    if (!call || call.agentId !== agentId) throw new NotFound("There is no such call.");
    return call;
  }

  private onAccepted(interactionId: string, agentId: string): void {
    const call = this.#calls.byInteraction(interactionId);
    if (!call) return;
    call.connect(agentId, this.o.phone(agentId));
    this.changed(call);
  }

  /** Transferred to a department: its music again while it waits there. */
  private onRequeued(interactionId: string, queueId: unknown): void {
    const call = this.#calls.byInteraction(interactionId);
    if (!call || call.state === "queued") return;
    call.requeue();
    this.retune(interactionId, queueId);
    this.changed(call);
  }

  /** The caller now waits in another department (a transfer, an overflow): that department's sounds. */
  private retune(interactionId: string, queueId: unknown): void {
    const call = this.#calls.byInteraction(interactionId);
    if (call && typeof queueId === "string") retune(call, queueId, this.o.sounds, this.o.log);
  }

  /**
   * Routing ended the interaction (Hang up, End session, nowhere left to queue): the caller gets a BYE; after
   * an overflow to an announcement, once the queue's overflow announcement has played.
   */
  private onEnded(interactionId: string, reason: string): void {
    const call = this.#calls.byInteraction(interactionId);
    if (!call) return;
    const queueId = reason === "overflow-announcement" ? this.o.routing.get(interactionId).queueId : null;
    const farewell = queueId ? this.o.sounds?.farewell(queueId, "overflow").catch(() => null) : undefined;
    this.#calls.unlinkInteraction(interactionId);
    if (farewell) void farewell.then((clip) => this.#endings.sendOff(call, clip));
    else this.#endings.sendOff(call, null);
    this.changed(call);
  }

  private changed(call: Call): void {
    this.#panels.changed(call);
  }
}
