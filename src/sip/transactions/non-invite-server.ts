import type { IncomingRequest } from "../message.ts";
import type { Peer } from "../peer.ts";
import type { TransitionTable } from "./machine.ts";
import { ServerTransactionBase } from "./server-transaction.ts";
import type { TransactionEnv } from "./transaction.ts";

export type NonInviteServerState = "trying" | "proceeding" | "completed" | "terminated";
type Event = "request" | "provisional" | "final" | "timerJ" | "transportError";
type Action = "send" | "resend" | "startJ" | "reportTransportError";

/** RFC 3261 §17.2.2 (figure 8). Retransmissions are absorbed in Trying and answered with the last response after. */
export const NON_INVITE_SERVER_TABLE: TransitionTable<NonInviteServerState, Event, Action> = {
  trying: {
    request: { to: "trying" },
    provisional: { to: "proceeding", do: ["send"] },
    final: { to: "completed", do: ["send", "startJ"] },
    transportError: { to: "terminated", do: ["reportTransportError"] },
  },
  proceeding: {
    request: { to: "proceeding", do: ["resend"] },
    provisional: { to: "proceeding", do: ["send"] },
    final: { to: "completed", do: ["send", "startJ"] },
    transportError: { to: "terminated", do: ["reportTransportError"] },
  },
  completed: {
    request: { to: "completed", do: ["resend"] },
    timerJ: { to: "terminated" },
    transportError: { to: "terminated", do: ["reportTransportError"] },
  },
  terminated: {},
};

export class NonInviteServerTransaction extends ServerTransactionBase<NonInviteServerState, Event, Action> {
  onTransportError?: () => void;

  constructor(env: TransactionEnv, request: IncomingRequest, source: Peer, key: string) {
    super("non-INVITE server transaction", NON_INVITE_SERVER_TABLE, "trying", env, request, source, key);
  }

  receive(request: IncomingRequest): void {
    if (request.method === this.request.method) this.offer("request");
  }

  protected eventFor(status: number): Event {
    return status < 200 ? "provisional" : "final";
  }

  protected perform(action: Action): void {
    if (action === "send") this.sendOutgoing();
    else if (action === "resend") this.resendLast();
    else if (action === "startJ") this.startTimer("TIMER_J", "timerJ");
    else this.notify(() => this.onTransportError?.());
  }
}
