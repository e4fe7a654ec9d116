import type { IncomingResponse, SipRequest } from "../message.ts";
import { parseDatagram } from "../parse.ts";
import type { Peer } from "../peer.ts";
import { createResponse } from "../response.ts";
import { serializeMessage } from "../serialize.ts";
import { clientKey } from "./keys.ts";
import type { TransitionTable } from "./machine.ts";
import { Transaction, type TransactionEnv } from "./transaction.ts";

/** Where a response handed to the transaction user came from. */
export type ResponseOrigin = "network" | "timeout" | "transport-error";

/**
 * Receives every response the transaction user must see. A timeout arrives as a 408 and a transport
 * failure as a 503, as RFC 3261 §8.1.3.1 asks the UAC core to treat them.
 */
export type ResponseHandler = (response: IncomingResponse, origin: ResponseOrigin) => void;

/** What the transaction user sees of a client transaction. */
export interface ClientTransaction {
  readonly machine: string;
  readonly state: string;
  readonly branch: string;
  readonly request: SipRequest;
  readonly peer: Peer;
}

/** Request sending, response matching and failure reporting shared by both client transactions. */
export abstract class ClientTransactionBase<S extends string, E extends string, A extends string>
  extends Transaction<S, E, A>
  implements ClientTransaction
{
  #response: IncomingResponse | undefined;
  readonly key: string;

  protected constructor(
    machine: string,
    table: TransitionTable<S, E, A>,
    env: TransactionEnv,
    readonly request: SipRequest,
    peer: Peer,
    /** The branch of the top Via, which the request already carries. */
    readonly branch: string,
    private readonly handler: ResponseHandler,
  ) {
    super(machine, table, "idle" as S, env, peer);
    this.key = clientKey(branch, request.method);
  }

  /** Sends the request; called once the transaction is registered, so responses can find it. */
  start(): void {
    this.fire("start" as E);
  }

  /** A response matched this transaction by branch and CSeq method. */
  receive(response: IncomingResponse): void {
    this.#response = response;
    this.offer(this.eventFor(response.status));
  }

  protected get response(): IncomingResponse | undefined {
    return this.#response;
  }

  protected abstract eventFor(status: number): E;

  protected sendRequest(): void {
    this.transmit(this.request, this.peer, "transportError" as E);
  }

  protected passUp(): void {
    const response = this.#response;
    if (response) this.notify(() => this.handler(response, "network"));
  }

  protected reportFailure(origin: "timeout" | "transport-error"): void {
    const response = synthesize(this.request, origin === "timeout" ? 408 : 503);
    this.notify(() => this.handler(response, origin));
  }
}

/** A response the transaction layer makes up for a timeout or a transport failure. */
function synthesize(request: SipRequest, status: number): IncomingResponse {
  const parsed = parseDatagram(serializeMessage(createResponse({ method: request.method, headers: request.headers }, status)));
  if (!parsed.ok || parsed.message.kind !== "response") throw new Error("a request we sent always yields a parsable response");
  return parsed.message;
}
