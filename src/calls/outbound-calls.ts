import { ringbackPlayer } from "../media/index.ts";
import type { Interaction } from "../routing/index.ts";
import { Conflict } from "../shared/index.ts";
import type { OutboundTarget } from "../trunk/index.ts";
import { chooseChallenge, createAuthorization, type Header, type IncomingResponse, newCallId, newTag } from "../sip/index.ts";
import type { AgentPanels } from "./agent-panels.ts";
import { Call } from "./call.ts";
import type { CallEndings } from "./call-endings.ts";
import type { CallTable } from "./call-table.ts";
import type { AgentPhoneLeg } from "./call-view.ts";
import { confirmedDialog, dialingDialog } from "./dialog.ts";
import type { InDialogRequests } from "./in-dialog.ts";
import { callEnv, DEFAULT_MAX_CALLS, type InboundOptions } from "./inbound-calls.ts";
import type { InvitesOut, PendingInvite, Progress } from "./invites-out.ts";
import { callFailure } from "./outbound-outcome.ts";
import { inviteRequest, sendAck, sendBye } from "./signalling.ts";

/** Where a dialled number goes, as the trunk works it out (passed in by the wiring: calls does not run trunk code). */
export type OutsideLine = OutboundTarget;

export type OutboundOptions = InboundOptions & {
  /** The trunk's target for a dialled number; throws Conflict/ValidationError when it cannot be called. */
  outsideLine?(dialled: string): Promise<OutsideLine>;
};

/**
 * Calls an agent dials to outside numbers through the trunk (FEATURES V3): an INVITE with our offer (caller ID
 * and number rules from the trunk), one answer to the provider's digest challenge, the ringing tone on the
 * agent's phone until the far end answers, CANCEL when the agent hangs up first, ACK and BYE when a 2xx comes
 * after all.
 */
export class OutboundCalls {
  /** What the agent who dialled hears of the call's progress: their panel follows it. */
  readonly #toAgent: Progress = {
    alerting: (call, early) => {
      call.alerting(early);
      this.panels.changed(call);
    },
    answered: (call, dialog) => {
      call.answered(dialog);
      this.panels.changed(call);
    },
    failed: (call, reason) => this.endings.lost(call, reason),
  };

  constructor(
    private readonly o: OutboundOptions,
    private readonly calls: CallTable,
    private readonly endings: CallEndings,
    private readonly invites: InvitesOut,
    private readonly panels: AgentPanels,
    private readonly inDialog: InDialogRequests,
  ) {}

  async dial(agentId: string, dialled: string, phone: AgentPhoneLeg): Promise<Interaction> {
    const { line, call } = await this.open(dialled);
    const interaction = this.o.routing.startOwnWork({
      channel: "voice",
      direction: "outbound",
      agentId,
      customerName: line.dialled,
      customerAddress: line.dialled,
      attachedData: { "Dialled number": line.dialled, ...(line.number !== line.dialled ? { "Sent as": line.number } : {}) },
    });
    this.calls.attach(call, interaction.id);
    this.calls.adopt(call, this.inDialog.ownerOf(call));
    call.dial(agentId, phone, ringbackPlayer());
    this.send(call, line, 1, this.#toAgent);
    return interaction;
  }

  /** A leg to an outside number with nobody's phone on it yet (a call transferred out joins it once answered). */
  async leg(dialled: string, progress: Progress): Promise<Call> {
    const { line, call } = await this.open(dialled);
    this.calls.adopt(call, this.inDialog.ownerOf(call));
    this.send(call, line, 1, progress);
    return call;
  }

  private async open(dialled: string): Promise<{ line: OutsideLine; call: Call }> {
    if (!this.o.outsideLine) throw new Conflict("Outside calls are not available on this appliance.");
    if (this.calls.size >= (this.o.maxCalls ?? DEFAULT_MAX_CALLS)) throw new Conflict("Too many calls are in progress; try again shortly.");
    const line = await this.o.outsideLine(dialled);
    const [leg, music] = await Promise.all([this.o.media.openLeg(), this.o.media.holdMusic().catch(() => null)]);
    if (!leg || !music) {
      leg?.close();
      throw new Conflict("No media port is free; try again shortly.");
    }
    const dialog = dialingDialog({ callId: newCallId(), localTag: newTag(), ...line, peer: line.peer });
    const sounds = { waiting: music, hold: music };
    return { line, call: new Call(dialog, leg, sounds, callEnv(this.o, this.endings, this.panels), "dialing") };
  }

  private send(call: Call, line: OutsideLine, seq: number, progress: Progress, auth?: Header): void {
    const request = inviteRequest(this.o.endpoint, call.dialog, seq, call.offer(), auth);
    const previous = this.invites.get(call);
    const tx = this.o.endpoint.request(request, line.peer, (response) => this.onResponse(call, response));
    this.invites.sent(call, { tx, line, seq, challenged: Boolean(previous?.challenged || auth), cancelled: false, progress });
  }

  private onResponse(call: Call, response: IncomingResponse): void {
    const pending = this.invites.get(call);
    if (response.status < 200) {
      if (response.status === 100 || !pending || call.state !== "dialing") return;
      pending.progress.alerting(call, response.status === 183 && response.body.length > 0 && call.takeAnswer(bodyText(response)));
    } else if (response.status < 300) this.onAnswered(call, response);
    else if (pending && (response.status === 401 || response.status === 407) && this.answerChallenge(call, pending, response)) return;
    else this.onRefused(call, response);
  }

  private onAnswered(call: Call, response: IncomingResponse): void {
    const seq = response.cseq.seq;
    const dialog = confirmedDialog(call.dialog, response);
    // A retransmitted 2xx of a call already answered only needs its ACK again.
    if (dialog && call.state !== "dialing" && call.dialog.remoteTag === dialog.remoteTag)
      return void sendAck(this.o.endpoint, call.dialog, seq, this.o.log);
    const pending = this.invites.settle(call);
    const failed = (reason: string) => (pending ? pending.progress.failed(call, reason) : this.endings.lost(call, reason));
    if (!dialog) return void failed("failed");
    sendAck(this.o.endpoint, dialog, seq, this.o.log);
    // Answered after the agent hung up (the CANCEL crossed the 200), or with nothing we can play: end it at once.
    const usable = call.state === "dialing" && pending && !pending.cancelled && call.takeAnswer(bodyText(response));
    if (!usable) {
      sendBye(this.o.endpoint, dialog, seq + 1, this.o.log);
      if (call.state === "dialing") failed("failed");
      return;
    }
    call.nextSeq(); // our next request in the dialog comes after the INVITE's CSeq
    this.o.endpoint.dialogs.confirm(dialog);
    pending.progress.answered(call, dialog);
  }

  private answerChallenge(call: Call, pending: PendingInvite, response: IncomingResponse): boolean {
    const creds = pending.line.credentials;
    if (!creds || pending.challenged || pending.cancelled || call.state !== "dialing") return false;
    const challenge = chooseChallenge(response.headers.getAll(response.status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate"));
    if (!challenge || (creds.realm && challenge.realm !== creds.realm)) return false;
    const value = createAuthorization(challenge, { ...creds, method: "INVITE", uri: pending.line.requestUri });
    this.send(call, pending.line, pending.seq + 1, pending.progress, {
      name: response.status === 401 ? "Authorization" : "Proxy-Authorization",
      value,
    });
    return true;
  }

  private onRefused(call: Call, response: IncomingResponse): void {
    const pending = this.invites.settle(call);
    if (!pending || pending.cancelled || call.state !== "dialing") return;
    pending.progress.failed(call, callFailure(response.status));
  }
}

const bodyText = (response: IncomingResponse) => new TextDecoder().decode(response.body);
