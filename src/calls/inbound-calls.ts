import type { AudioClip, FrameSource, G711Codec, MediaScheduler, RtpLeg } from "../media/index.ts";
import type { Routing } from "../routing/index.ts";
import { namedAttachedData } from "../settings/index.ts";
import type { Clock, Logger } from "../shared/index.ts";
import { type IncomingRequest, InviteServerTransaction, type ServerTransaction } from "../sip/index.ts";
import type { AgentPanels } from "./agent-panels.ts";
import { Call, type CallEnv } from "./call.ts";
import type { CallEndings } from "./call-endings.ts";
import type { CallTable } from "./call-table.ts";
import { type Dialog, dialogOf } from "./dialog.ts";
import type { InDialogRequests } from "./in-dialog.ts";
import { type InboundFacts, readInbound } from "./inbound.ts";
import type { CallSounds } from "./queue-sounds.ts";
import { answerWith, type CallSignalling, offerOf } from "./signalling.ts";

/** Where an inbound route sends a call: a voice queue, or one agent by extension. */
export type InboundTarget =
  | { readonly kind: "queue"; readonly queueId: string; readonly name: string }
  | { readonly kind: "agent"; readonly userId: string; readonly name: string };

/** The media side of new calls: RTP legs from the port range, the hold music, the pacing. */
export type CallMedia = {
  /** The address written in our SDP (the appliance's media address). */
  readonly address: string;
  readonly scheduler: MediaScheduler;
  openLeg(): Promise<RtpLeg | null>;
  /** A fresh player of the hold music for one call. */
  holdMusic(): Promise<FrameSource>;
};

export type InboundOptions = {
  readonly endpoint: CallSignalling;
  readonly routing: Routing;
  readonly clock: Clock;
  readonly log: Logger;
  readonly media: CallMedia;
  /** Each queue's music, announcements and closed hours; without it every caller hears the built-in music. */
  readonly sounds?: CallSounds;
  route(did: string): InboundTarget | null;
  /** The attached-data fields the X- headers fill (FEATURES A6), read at each call. */
  attachedFields?(): readonly string[];
  codecs?(): readonly G711Codec[];
  readonly maxCalls?: number;
  readonly mediaTimeoutMs?: number;
};

type Sounds = { waiting: FrameSource; hold: FrameSource; farewell: AudioClip | null };
type Refusal = { status: number; reason?: string };

export const DEFAULT_MAX_CALLS = 200;
/** X-<Field-Name> headers fill the fields; the dialled number is the appliance's own and cannot be overwritten. */
const X_FIELDS = { prefix: "X-", reserved: ["Dialled number"] };

/** What every trunk call needs of the service: media, codecs, and who is told of its media timeout, lost phone or digits. */
export function callEnv(o: InboundOptions, endings: CallEndings, panels: AgentPanels): CallEnv {
  return {
    clock: o.clock,
    scheduler: o.media.scheduler,
    address: o.media.address,
    codecs: o.codecs?.() ?? ["PCMU", "PCMA"],
    mediaTimeoutMs: o.mediaTimeoutMs,
    endings,
    panels,
  };
}

/**
 * Takes a trunk INVITE (FEATURES V2): checks it, opens an RTP leg, answers 200 with our SDP at once, and
 * queues a voice interaction whose caller hears the hold music until an agent answers.
 */
export class InboundCalls {
  constructor(
    private readonly o: InboundOptions,
    private readonly calls: CallTable,
    private readonly endings: CallEndings,
    private readonly panels: AgentPanels,
    private readonly inDialog: InDialogRequests,
  ) {}

  async take(invite: IncomingRequest, tx: ServerTransaction): Promise<void> {
    const checked = this.check(invite, tx);
    if ("status" in checked) return void tx.respond(checked.status, { reason: checked.reason });
    const closed = checked.target.kind === "queue" ? (this.o.sounds?.closed() ?? null) : null;
    if (closed === "hangup") return void tx.respond(480, { reason: "Closed at this hour" });
    let cancelled = false;
    if (tx instanceof InviteServerTransaction) tx.onCancel = () => (cancelled = true);
    let call: Call | null = null;
    const [leg, sounds] = await Promise.all([
      this.o.media.openLeg(),
      this.sounds(checked.target, closed !== null, () => call?.interactionId ?? "").catch((error) => {
        this.o.log.warn("no waiting sound for a call", { error });
        return null;
      }),
    ]);
    // A CANCEL that came meanwhile has had its 487 (RFC 3261 §9.2); nothing was queued yet.
    if (cancelled || tx.finalStatus !== undefined) return void leg?.close();
    if (!leg || !sounds) {
      leg?.close();
      return void tx.respond(503, { reason: "No media port is free" });
    }
    call = new Call(checked.dialog, leg, sounds, callEnv(this.o, this.endings, this.panels), "queued");
    const sdp = call.answer(checked.offer);
    if (sdp === null) {
      leg.close();
      return void tx.respond(488, { reason: "Only G.711 audio is accepted" });
    }
    if (!sounds.farewell && !this.enqueue(call, checked.facts, checked.target)) {
      leg.close();
      return void tx.respond(480, { reason: "The number cannot take calls now" });
    }
    this.calls.adopt(call, this.inDialog.ownerOf(call));
    const answered = call;
    if (tx instanceof InviteServerTransaction) tx.onNoAck = () => this.endings.lost(answered, "no-ack");
    tx.respond(200, answerWith(this.o.endpoint, invite, tx.source, sdp));
    if (sounds.farewell) this.endings.sendOff(call, sounds.farewell);
    else call.queue();
  }

  /** A queue's own sounds (or, outside business hours, its closed announcement); the built-in music otherwise. */
  private async sounds(target: InboundTarget, closed: boolean, interactionId: () => string): Promise<Sounds> {
    const { sounds } = this.o;
    if (target.kind === "queue" && sounds) {
      const [queue, farewell] = await Promise.all([
        sounds.forQueue(target.queueId, interactionId),
        closed ? sounds.farewell(target.queueId, "closed") : null,
      ]);
      return { ...queue, farewell };
    }
    const music = await this.o.media.holdMusic();
    return { waiting: music, hold: music, farewell: null };
  }

  private check(invite: IncomingRequest, tx: ServerTransaction) {
    type Checked = { offer: string; facts: InboundFacts; target: InboundTarget; dialog: Dialog };
    const refuse = (status: number, reason?: string): Refusal => ({ status, reason });
    // A re-INVITE for a dialog we do not hold (ours are answered before the trunk sees them).
    if (invite.to.params.has("tag")) return refuse(481);
    if (this.calls.size >= (this.o.maxCalls ?? DEFAULT_MAX_CALLS)) return refuse(503, "Too many calls");
    const offer = offerOf(invite);
    if (offer === null) return refuse(488, "An SDP offer is required");
    const facts = readInbound(invite);
    const target = this.o.route(facts.did);
    // 480 rather than 404: a number without a route is usually a setting still to be made, not a wrong number.
    if (!target) return refuse(480, "No route for this number");
    const dialog = dialogOf(invite, tx);
    if (!dialog) return refuse(400, "A Contact and a From tag are required");
    return { offer, facts, target, dialog } satisfies Checked;
  }

  private enqueue(call: Call, facts: InboundFacts, target: InboundTarget): boolean {
    try {
      const interaction = this.o.routing.enqueue({
        channel: "voice",
        direction: "inbound",
        queueId: target.kind === "queue" ? target.queueId : null,
        targetAgentId: target.kind === "agent" ? target.userId : null,
        customerName: facts.callerName || facts.callerNumber,
        customerAddress: facts.callerNumber,
        attachedData: { "Dialled number": facts.did, ...namedAttachedData(this.o.attachedFields?.() ?? [], facts.xHeaders, X_FIELDS) },
      });
      this.calls.attach(call, interaction.id);
      return true;
    } catch (error) {
      this.o.log.warn("an inbound call could not be queued", { did: facts.did, error });
      return false;
    }
  }
}
