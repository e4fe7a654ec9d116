import type { SipRequest } from "../message.ts";
import type { Peer } from "../peer.ts";
import { ClientTransactionBase, type ResponseHandler } from "./client-transaction.ts";
import type { TransitionTable } from "./machine.ts";
import { ackForFailure } from "./requests.ts";
import type { TransactionEnv } from "./transaction.ts";

export type InviteClientState = "idle" | "calling" | "proceeding" | "completed" | "accepted" | "terminated";
type Event = "start" | "provisional" | "success" | "failure" | "timerA" | "timerB" | "timerD" | "timerM" | "transportError";
type Action =
  | "send"
  | "startA"
  | "stopA"
  | "startB"
  | "stopB"
  | "sendAck"
  | "startD"
  | "startM"
  | "passUp"
  | "flushCancel"
  | "reportTimeout"
  | "reportTransportError";

const TRANSPORT_ERROR = { to: "terminated", do: ["reportTransportError"] } as const;

/**
 * RFC 3261 §17.1.1 (figure 5) with the Accepted state of RFC 6026 §7.2: after a 2xx the transaction stays
 * for Timer M and hands every further 2xx (retransmissions, forks) to the user, who ACKs them (§13.2.2.4).
 * A 300–699 is ACKed here, and again for each retransmission of it.
 */
export const INVITE_CLIENT_TABLE: TransitionTable<InviteClientState, Event, Action> = {
  idle: { start: { to: "calling", do: ["send", "startA", "startB"] } },
  calling: {
    timerA: { to: "calling", do: ["send", "startA"] },
    timerB: { to: "terminated", do: ["reportTimeout"] },
    provisional: { to: "proceeding", do: ["stopA", "stopB", "passUp", "flushCancel"] },
    success: { to: "accepted", do: ["stopA", "stopB", "passUp", "startM"] },
    failure: { to: "completed", do: ["stopA", "stopB", "sendAck", "passUp", "startD"] },
    transportError: TRANSPORT_ERROR,
  },
  proceeding: {
    provisional: { to: "proceeding", do: ["passUp"] },
    success: { to: "accepted", do: ["passUp", "startM"] },
    failure: { to: "completed", do: ["sendAck", "passUp", "startD"] },
    transportError: TRANSPORT_ERROR,
  },
  completed: {
    failure: { to: "completed", do: ["sendAck"] },
    provisional: { to: "completed" },
    success: { to: "completed" },
    timerD: { to: "terminated" },
    transportError: TRANSPORT_ERROR,
  },
  accepted: {
    success: { to: "accepted", do: ["passUp"] },
    provisional: { to: "accepted" },
    failure: { to: "accepted" },
    timerM: { to: "terminated" },
  },
  terminated: {},
};

export class InviteClientTransaction extends ClientTransactionBase<InviteClientState, Event, Action> {
  #pendingCancel: (() => void) | undefined;

  constructor(env: TransactionEnv, request: SipRequest, peer: Peer, branch: string, handler: ResponseHandler) {
    super("INVITE client transaction", INVITE_CLIENT_TABLE, env, request, peer, branch, handler);
  }

  /**
   * Asks for the INVITE to be cancelled. RFC 3261 §9.1: a CANCEL may go out only once a provisional
   * response arrived, so before that it waits; after a final response there is nothing to cancel (false).
   */
  cancel(sendCancel: () => void): boolean {
    if (this.state === "proceeding") sendCancel();
    else if (this.state === "idle" || this.state === "calling") this.#pendingCancel = sendCancel;
    else return false;
    return true;
  }

  protected eventFor(status: number): Event {
    return status < 200 ? "provisional" : status < 300 ? "success" : "failure";
  }

  protected perform(action: Action): void {
    if (action === "send") this.sendRequest();
    else if (action === "startA") this.startRetransmit("TIMER_A", "timerA");
    else if (action === "stopA") this.stopTimer("TIMER_A");
    else if (action === "startB") this.startTimer("TIMER_B", "timerB");
    else if (action === "stopB") this.stopTimer("TIMER_B");
    else if (action === "startD") this.startTimer("TIMER_D", "timerD");
    else if (action === "startM") this.startTimer("TIMER_M", "timerM");
    else if (action === "passUp") this.passUp();
    else if (action === "sendAck") this.sendAck();
    else if (action === "flushCancel") this.flushCancel();
    else this.reportFailure(action === "reportTimeout" ? "timeout" : "transport-error");
  }

  private sendAck(): void {
    const response = this.response;
    if (response) this.transmit(ackForFailure(this.request, response), this.peer, "transportError");
  }

  private flushCancel(): void {
    const send = this.#pendingCancel;
    this.#pendingCancel = undefined;
    if (send) this.notify(send);
  }
}
