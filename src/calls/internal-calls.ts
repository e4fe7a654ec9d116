import { type DtmfDigit, ringbackPlayer } from "../media/index.ts";
import type { Interaction, Routing, RoutingEvents } from "../routing/index.ts";
import { Conflict, type EventBus, ValidationError } from "../shared/index.ts";
import type { AgentPanels } from "./agent-panels.ts";
import type { CallControl } from "./call-service.ts";
import type { CallView, PhoneLookup } from "./call-view.ts";
import type { CallMedia } from "./inbound-calls.ts";
import { InternalCall, type Party } from "./internal-call.ts";

/** A colleague found by extension, as the wiring looks them up. */
export type Colleague = { readonly userId: string; readonly name: string; readonly signedIn: boolean };

export type InternalOptions = {
  readonly routing: Routing;
  readonly bus: EventBus<RoutingEvents>;
  readonly phone: PhoneLookup;
  /** The pacing and the hold music (the trunk calls' own). */
  readonly media: Pick<CallMedia, "scheduler" | "holdMusic">;
  /** The agent with this extension, or null. */
  colleague?(extension: string): Colleague | null;
};

const EXTENSION = /^[0-9]{2,8}$/;

/**
 * Agent-to-agent calls by extension (FEATURES V3). The caller's work starts at once; the colleague gets a
 * direct offer (routing's usual ring time, and Not Ready "Missed" when they let it ring out), and on Answer
 * the two browser phones are bridged. Either end hanging up ends both interactions.
 */
export class InternalCalls {
  readonly #byInteraction = new Map<string, InternalCall>();
  readonly #offs: (() => void)[];

  constructor(
    private readonly o: InternalOptions,
    private readonly panels: AgentPanels,
  ) {
    this.#offs = [
      o.bus.subscribe("interaction.accepted", (p) => this.onAccepted(p.interactionId, p.agentId)),
      o.bus.subscribe("interaction.ended", (p) => this.onEnded(p.interactionId, p.reason)),
    ];
  }

  /** The colleague whose extension this is, when it is one; null for anything else (an outside number). */
  colleagueAt(dialled: string): Colleague | null {
    const number = dialled.trim();
    return EXTENSION.test(number) ? (this.o.colleague?.(number) ?? null) : null;
  }

  async dial(agentId: string, callerName: string, callerExtension: string, callee: Colleague, extension: string): Promise<Interaction> {
    if (callee.userId === agentId) throw new ValidationError("That is your own extension.", { number: "Dial a colleague's extension" });
    if (!callee.signedIn) throw new Conflict(`${callee.name} is not signed in.`);
    const theirs = this.o.phone(callee.userId);
    if (theirs?.state !== "ready") throw new Conflict(`${callee.name}'s phone is not connected.`);
    if (this.o.routing.openWork(callee.userId).some((i) => i.channel === "voice" && i.status === "active"))
      throw new Conflict(`${callee.name} is on another call.`);
    const music = await this.o.media.holdMusic();
    const mine = this.o.routing.startOwnWork({
      channel: "voice",
      direction: "internal",
      agentId,
      customerName: callee.name,
      customerAddress: extension,
    });
    const a: Party = { agentId, interactionId: mine.id, phone: this.o.phone(agentId), muted: false };
    const call = new InternalCall(
      a,
      { agentId: callee.userId, interactionId: "", phone: null, muted: false },
      music,
      this.o.media.scheduler,
      ringbackPlayer(),
      (c) => this.hangUp(c, "agent-phone-lost"),
    );
    this.#byInteraction.set(mine.id, call);
    const theirsWork = this.o.routing.enqueue({
      channel: "voice",
      direction: "internal",
      targetAgentId: callee.userId,
      customerName: callerName,
      customerAddress: callerExtension,
    });
    call.offeredAs(theirsWork.id);
    this.#byInteraction.set(theirsWork.id, call);
    return this.o.routing.get(mine.id);
  }

  has(interactionId: string): boolean {
    return this.#byInteraction.has(interactionId);
  }

  control(interactionId: string, agentId: string, action: CallControl): void {
    const { call, side } = this.own(interactionId, agentId);
    if (action === "hang_up") this.o.routing.end(interactionId, agentId, "completed");
    else if (action === "hold") call.hold(side);
    else if (action === "resume") call.resume();
    else call.setMuted(side, action === "mute");
    if (action !== "hang_up") this.changed(call);
  }

  /** Internal calls have no far-end menu to send digits to. */
  sendDigit(interactionId: string, agentId: string, _digit: DtmfDigit): void {
    this.own(interactionId, agentId);
    throw new Conflict("The keypad is for outside calls only.");
  }

  view(interactionId: string): CallView | null {
    const call = this.#byInteraction.get(interactionId);
    const side = call?.sideOf(interactionId);
    if (!call || !side) return null;
    const party = call.parties[side];
    return {
      interactionId,
      state: call.state,
      ringing: call.state === "dialing",
      transferable: false,
      muted: party.muted,
      phone: party.phone?.state ?? "none",
      bridged: call.bridged,
      keypad: false,
      digits: [],
    };
  }

  get activeCalls(): number {
    return new Set(this.#byInteraction.values()).size;
  }

  stop(): void {
    for (const off of this.#offs) off();
    for (const call of new Set(this.#byInteraction.values())) call.end();
    this.#byInteraction.clear();
  }

  private own(interactionId: string, agentId: string) {
    const call = this.#byInteraction.get(interactionId);
    const side = call?.sideOf(interactionId);
    if (!call || !side || call.parties[side].agentId !== agentId || call.state === "ended") throw new Conflict("There is no such call.");
    return { call, side };
  }

  private onAccepted(interactionId: string, agentId: string): void {
    const call = this.#byInteraction.get(interactionId);
    if (call?.sideOf(interactionId) !== "b" || call.state !== "dialing") return;
    call.answered(this.o.phone(agentId));
    this.changed(call);
  }

  /** One end's interaction ended: the call ends and so does the other end's interaction. */
  private onEnded(interactionId: string, reason: string): void {
    const call = this.#byInteraction.get(interactionId);
    if (!call) return;
    const unanswered = call.state === "dialing";
    this.forget(call);
    call.end();
    this.changed(call);
    const { a, b } = call.parties;
    const otherId = interactionId === a.interactionId ? b.interactionId : a.interactionId;
    if (otherId) this.endInteraction(otherId);
    if (unanswered && interactionId === b.interactionId && reason !== "completed")
      this.panels.notify(a.agentId, a.interactionId, `${this.o.routing.get(a.interactionId).customerName} did not answer.`, "error");
  }

  private hangUp(call: InternalCall, reason: string): void {
    if (call.state === "ended") return;
    this.endInteraction(call.parties.a.interactionId, reason);
  }

  private endInteraction(interactionId: string, reason = "other-party-left"): void {
    const i = this.o.routing.get(interactionId);
    if (i.status === "queued") this.o.routing.abandon(interactionId);
    else if (i.status === "active") this.o.routing.end(interactionId, null, reason);
  }

  private forget(call: InternalCall): void {
    this.#byInteraction.delete(call.parties.a.interactionId);
    this.#byInteraction.delete(call.parties.b.interactionId);
  }

  private changed(call: InternalCall): void {
    for (const side of ["a", "b"] as const) {
      const { interactionId, agentId } = call.parties[side];
      if (interactionId) this.panels.changed({ interactionId, agentId, state: call.state });
    }
  }
}
