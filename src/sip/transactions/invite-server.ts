import type { IncomingRequest } from "../message.ts";
import type { Peer } from "../peer.ts";
import type { TransitionTable } from "./machine.ts";
import { ServerTransactionBase } from "./server-transaction.ts";
import type { TransactionEnv } from "./transaction.ts";

export type InviteServerState = "proceeding" | "completed" | "confirmed" | "accepted" | "terminated";
type Event =
  | "invite"
  | "ack"
  | "provisional"
  | "success"
  | "failure"
  | "timerG"
  | "timerH"
  | "timerI"
  | "timerL"
  | "retransmit2xx"
  | "transportError";
type Action =
  | "send"
  | "resend"
  | "startG"
  | "stopG"
  | "startH"
  | "stopH"
  | "startI"
  | "start2xx"
  | "stop2xx"
  | "startL"
  | "reportAck"
  | "reportNoAck"
  | "reportTransportError";

/**
 * RFC 3261 §17.2.1 (figure 7) with the Accepted state of RFC 6026 §7.1: a 2xx leaves the transaction in
 * Accepted for Timer L, absorbing INVITE retransmissions. The 2xx itself is retransmitted there (T1
 * doubling to T2) until its ACK arrives: §13.3.1.4 gives that job to the UAS core, but the timers live here.
 */
export const INVITE_SERVER_TABLE: TransitionTable<InviteServerState, Event, Action> = {
  proceeding: {
    invite: { to: "proceeding", do: ["resend"] },
    provisional: { to: "proceeding", do: ["send"] },
    success: { to: "accepted", do: ["send", "start2xx", "startL"] },
    failure: { to: "completed", do: ["send", "startG", "startH"] },
    transportError: { to: "terminated", do: ["reportTransportError"] },
  },
  completed: {
    invite: { to: "completed", do: ["resend"] },
    ack: { to: "confirmed", do: ["stopG", "stopH", "startI"] },
    timerG: { to: "completed", do: ["resend", "startG"] },
    timerH: { to: "terminated", do: ["reportNoAck"] },
    transportError: { to: "terminated", do: ["reportTransportError"] },
  },
  confirmed: {
    invite: { to: "confirmed" },
    ack: { to: "confirmed" },
    timerI: { to: "terminated" },
  },
  accepted: {
    invite: { to: "accepted" },
    ack: { to: "accepted", do: ["stop2xx", "reportAck"] },
    success: { to: "accepted", do: ["send"] },
    retransmit2xx: { to: "accepted", do: ["resend", "start2xx"] },
    timerL: { to: "terminated", do: ["reportNoAck"] },
    // RFC 6026 §8.7: a failed 2xx send does not end the transaction; Timer L does.
    transportError: { to: "accepted" },
  },
  terminated: {},
};

/** The INVITE server transaction; sends 100 Trying at once so the client stops retransmitting. */
export class InviteServerTransaction extends ServerTransactionBase<InviteServerState, Event, Action> {
  /** A CANCEL arrived while no final response had been sent; 487 has already gone out. */
  onCancel?: () => void;
  /** The ACK of a 2xx (a request of its own, §13.2.2.4) reached this transaction. */
  onAck?: (ack: IncomingRequest) => void;
  /** No ACK came: Timer H after a failure, or Timer L after a 2xx (then the session should end, §13.3.1.4). */
  onNoAck?: () => void;
  onTransportError?: () => void;
  #ack: IncomingRequest | undefined;
  #acknowledged = false;

  constructor(env: TransactionEnv, request: IncomingRequest, source: Peer, key: string) {
    super("INVITE server transaction", INVITE_SERVER_TABLE, "proceeding", env, request, source, key);
    this.respond(100);
  }

  get acknowledged(): boolean {
    return this.#acknowledged;
  }

  receive(request: IncomingRequest): void {
    if (request.method === "ACK") this.acknowledge(request);
    else if (request.method === "INVITE") this.offer("invite");
  }

  /** An ACK, matched by branch (non-2xx) or by Call-ID, CSeq and From tag (2xx); false when it fits no state. */
  acknowledge(ack: IncomingRequest): boolean {
    this.#ack = ack;
    const taken = this.offer("ack");
    if (taken) this.#acknowledged = true;
    return taken;
  }

  /** RFC 3261 §9.2: answers the INVITE with 487 if it is still pending; false when it was too late. */
  cancel(): boolean {
    if (this.state !== "proceeding") return false;
    this.respond(487);
    this.notify(() => this.onCancel?.());
    return true;
  }

  protected eventFor(status: number): Event {
    return status < 200 ? "provisional" : status < 300 ? "success" : "failure";
  }

  protected perform(action: Action): void {
    if (action === "send") this.sendOutgoing();
    else if (action === "resend") this.resendLast();
    else if (action === "startG") this.startRetransmit("TIMER_G", "timerG");
    else if (action === "stopG") this.stopTimer("TIMER_G");
    else if (action === "startH") this.startTimer("TIMER_H", "timerH");
    else if (action === "stopH") this.stopTimer("TIMER_H");
    else if (action === "startI") this.startTimer("TIMER_I", "timerI");
    else if (action === "start2xx") this.startRetransmit("RETRANSMIT_2XX", "retransmit2xx");
    else if (action === "stop2xx") this.stopTimer("RETRANSMIT_2XX");
    else if (action === "startL") this.startTimer("TIMER_L", "timerL");
    else this.report(action);
  }

  private report(action: "reportAck" | "reportNoAck" | "reportTransportError"): void {
    if (action === "reportAck") {
      // Each 2xx retransmission draws another ACK; the user hears of the first only.
      const ack = this.#ack;
      if (ack && !this.#acknowledged) this.notify(() => this.onAck?.(ack));
    } else if (action === "reportNoAck") {
      if (!this.#acknowledged) this.notify(() => this.onNoAck?.());
    } else this.notify(() => this.onTransportError?.());
  }
}
