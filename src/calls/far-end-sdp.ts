import { answerOffer, createOffer, type G711Codec, type LocalAudio, readAnswer, type RtpLeg } from "../media/index.ts";

/** What we write in our SDP: the appliance's media address and the codecs we take, in order of preference. */
export type LocalMedia = { readonly address: string; readonly codecs: readonly G711Codec[] };

/**
 * Our side of the SDP offer/answer with a call's far end (RFC 3264): G.711 audio on the far end's RTP leg,
 * which is set to what was agreed.
 */
export class FarEndSdp {
  #version = 1;
  #offered: LocalAudio | null = null;

  constructor(
    private readonly leg: RtpLeg,
    private readonly local: LocalMedia,
    /** Told whether the far end holds the call (then it may rightly send nothing). */
    private readonly farEndHolds: (held: boolean) => void,
  ) {}

  /** Our answer to the INVITE's offer (or a re-INVITE's: hold from their side, a new address); null when nothing fits. */
  answer(offer: string): string | null {
    const answered = answerOffer(offer, this.audio());
    if (!answered.ok) return null;
    const { audio } = answered.value;
    this.leg.apply({ ...audio });
    this.farEndHolds(audio.held);
    return answered.value.sdp;
  }

  /** Our offer, for a call we dial (RFC 3264 §5). */
  offer(): string {
    this.#offered = this.audio();
    return createOffer(this.#offered);
  }

  /** The far end's answer to our offer (in a 183 or the 200); false when it accepts nothing we offered. */
  takeAnswer(sdp: string): boolean {
    const read = this.#offered ? readAnswer(sdp, this.#offered) : null;
    if (!read?.ok) return false;
    this.leg.apply({ ...read.value });
    this.farEndHolds(read.value.held);
    return true;
  }

  private audio(): LocalAudio {
    const { address, codecs } = this.local;
    return { address, port: this.leg.port, codecs, sessionId: String(this.leg.port), version: this.#version++ };
  }
}
