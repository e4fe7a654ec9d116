import type { DialogOwner, IncomingRequest, ServerTransaction } from "../sip/index.ts";
import type { Call } from "./call.ts";
import type { CallEndings } from "./call-endings.ts";
import { DTMF_INFO_TYPES, readDtmfInfo } from "./dtmf-info.ts";
import { answerWith, type CallSignalling, offerOf } from "./signalling.ts";

/**
 * What the endpoint's dialog table hands a trunk call: the far end hangs up (BYE), re-INVITEs (hold from
 * their side, new media), or sends a digit in INFO.
 */
export class InDialogRequests {
  constructor(
    private readonly endpoint: CallSignalling,
    private readonly endings: Pick<CallEndings, "farEndLeft">,
  ) {}

  ownerOf(call: Call): DialogOwner {
    return {
      BYE: (_bye, tx) => {
        tx.respond(200);
        this.endings.farEndLeft(call);
      },
      INFO: (info, tx) => this.onInfo(call, info, tx),
      INVITE: (invite, tx) => {
        const offer = offerOf(invite);
        const sdp = offer === null ? null : call.answer(offer);
        if (sdp === null) tx.respond(488, { reason: "Only G.711 audio with an SDP offer is accepted" });
        else tx.respond(200, answerWith(this.endpoint, invite, tx.source, sdp));
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
    if (read.digit) call.audio.digitFromFarEnd(read.digit);
  }
}
