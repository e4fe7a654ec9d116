import type { SipRequest } from "../message.ts";
import type { Peer } from "../peer.ts";
import { ClientTransactionBase, type ResponseHandler } from "./client-transaction.ts";
import type { TransitionTable } from "./machine.ts";
import type { TransactionEnv } from "./transaction.ts";

export type NonInviteClientState = "idle" | "trying" | "proceeding" | "completed" | "terminated";
type Event = "start" | "provisional" | "final" | "timerE" | "timerF" | "timerK" | "transportError";
type Action = "send" | "startE" | "stopE" | "startF" | "stopF" | "startK" | "passUp" | "reportTimeout" | "reportTransportError";

const FINAL = { to: "completed", do: ["stopE", "stopF", "passUp", "startK"] } as const;
const TRANSPORT_ERROR = { to: "terminated", do: ["reportTransportError"] } as const;

/** RFC 3261 §17.1.2 (figure 6). In Proceeding, Timer E keeps retransmitting at T2. */
export const NON_INVITE_CLIENT_TABLE: TransitionTable<NonInviteClientState, Event, Action> = {
  idle: { start: { to: "trying", do: ["send", "startE", "startF"] } },
  trying: {
    timerE: { to: "trying", do: ["send", "startE"] },
    timerF: { to: "terminated", do: ["reportTimeout"] },
    provisional: { to: "proceeding", do: ["passUp"] },
    final: FINAL,
    transportError: TRANSPORT_ERROR,
  },
  proceeding: {
    timerE: { to: "proceeding", do: ["send", "startE"] },
    timerF: { to: "terminated", do: ["reportTimeout"] },
    provisional: { to: "proceeding", do: ["passUp"] },
    final: FINAL,
    transportError: TRANSPORT_ERROR,
  },
  completed: {
    provisional: { to: "completed" },
    final: { to: "completed" },
    timerK: { to: "terminated" },
  },
  terminated: {},
};

export class NonInviteClientTransaction extends ClientTransactionBase<NonInviteClientState, Event, Action> {
  constructor(env: TransactionEnv, request: SipRequest, peer: Peer, branch: string, handler: ResponseHandler) {
    super("non-INVITE client transaction", NON_INVITE_CLIENT_TABLE, env, request, peer, branch, handler);
  }

  protected eventFor(status: number): Event {
    return status < 200 ? "provisional" : "final";
  }

  protected perform(action: Action): void {
    if (action === "send") this.sendRequest();
    // §17.1.2.2: once a provisional response came, Timer E runs at T2.
    else if (action === "startE") this.startRetransmit("TIMER_E", "timerE", this.state === "proceeding" ? this.env.timers.T2 : undefined);
    else if (action === "stopE") this.stopTimer("TIMER_E");
    else if (action === "startF") this.startTimer("TIMER_F", "timerF");
    else if (action === "stopF") this.stopTimer("TIMER_F");
    else if (action === "startK") this.startTimer("TIMER_K", "timerK");
    else if (action === "passUp") this.passUp();
    else this.reportFailure(action === "reportTimeout" ? "timeout" : "transport-error");
  }
}
