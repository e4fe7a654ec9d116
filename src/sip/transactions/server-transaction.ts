import { newTag } from "../ids.ts";
import type { IncomingRequest, SipResponse } from "../message.ts";
import type { Peer } from "../peer.ts";
import { createResponse, type ResponseOptions } from "../response.ts";
import { responsePeer } from "../via-received.ts";
import type { TransitionTable } from "./machine.ts";
import { Transaction, type TransactionEnv } from "./transaction.ts";

/** What the transaction user sees of a server transaction, INVITE or not. */
export interface ServerTransaction {
  readonly machine: string;
  readonly state: string;
  readonly request: IncomingRequest;
  /** Where the request came from (the connection, for TCP). */
  readonly source: Peer;
  /** The To tag every response of this transaction carries, unless the request had one. */
  readonly toTag: string;
  readonly finalStatus: number | undefined;
  /** Builds a response (RFC 3261 §8.2.6) with this transaction's To tag and sends it. */
  respond(status: number, options?: ResponseOptions): SipResponse;
  /** Sends a response built elsewhere; a second final response throws IllegalTransition. */
  send(response: SipResponse): void;
}

/** Response sending and retransmission shared by the INVITE and non-INVITE server transactions. */
export abstract class ServerTransactionBase<S extends string, E extends string, A extends string>
  extends Transaction<S, E, A>
  implements ServerTransaction
{
  readonly toTag = newTag();
  #outgoing: SipResponse | undefined;
  #last: SipResponse | undefined;
  #final: number | undefined;

  protected constructor(
    machine: string,
    table: TransitionTable<S, E, A>,
    initial: S,
    env: TransactionEnv,
    readonly request: IncomingRequest,
    readonly source: Peer,
    readonly key: string,
  ) {
    super(machine, table, initial, env, responsePeer(request, source));
  }

  get finalStatus(): number | undefined {
    return this.#final;
  }

  get lastResponse(): SipResponse | undefined {
    return this.#last;
  }

  respond(status: number, options: ResponseOptions = {}): SipResponse {
    const response = createResponse(this.request, status, { toTag: this.toTag, ...options });
    this.send(response);
    return response;
  }

  send(response: SipResponse): void {
    if (!Number.isInteger(response.status) || response.status < 100 || response.status > 699)
      throw new RangeError(`SIP status ${response.status} is not 100–699`);
    const event = this.eventFor(response.status);
    this.#outgoing = response;
    this.fire(event);
  }

  /** A request matched this transaction: a retransmission, or the ACK of an INVITE. */
  abstract receive(request: IncomingRequest): void;

  protected abstract eventFor(status: number): E;

  /** The "send" action: the response the user just gave goes out and becomes the one to retransmit. */
  protected sendOutgoing(): void {
    const response = this.#outgoing;
    if (!response) return;
    this.#outgoing = undefined;
    this.#last = response;
    if (response.status >= 200) {
      if (this.#final === undefined) this.env.answered?.(this.request, this.source, response.status);
      this.#final = response.status;
    }
    this.transmit(response, this.peer, "transportError" as E);
  }

  /** The "resend" action: the most recent response again (request retransmission, Timer G, 2xx timer). */
  protected resendLast(): void {
    if (this.#last) this.transmit(this.#last, this.peer, "transportError" as E);
  }
}
