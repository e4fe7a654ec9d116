import type { IncomingRequest, IncomingResponse } from "./message.ts";
import type { Peer } from "./peer.ts";
import type { ResponseOptions } from "./response.ts";
import type { ServerTransaction } from "./transactions/server-transaction.ts";

/** Takes a new request in its own server transaction (INVITEs have had their 100 Trying); answers through `tx`. */
export type RequestHandler = (request: IncomingRequest, tx: ServerTransaction) => void;
/** An ACK no INVITE transaction took: the ACK of a 2xx that arrived after Timer L, or of another element's 2xx. */
export type AckHandler = (ack: IncomingRequest, source: Peer) => void;
/** A response matching no client transaction, such as a 2xx retransmitted after Timer M; it still needs an ACK. */
export type StrayResponseHandler = (response: IncomingResponse, source: Peer) => void;
/** A refusal a restriction answers with instead of letting the request reach its handler. */
export type Refusal = { readonly status: number; readonly reason?: string };
/** Who may send this method: null lets the request through, a refusal answers it. */
export type Restriction = (request: IncomingRequest, source: Peer) => Refusal | null;

/**
 * Who takes each method of requests outside any dialog: at most one handler and one restriction a method,
 * registered once by the layer that serves it; a second registration is a wiring bug and throws. Each
 * registration returns the function that removes it.
 */
export class MethodRoutes {
  readonly #handlers = new Map<string, RequestHandler>();
  readonly #restrictions = new Map<string, Restriction>();
  #ack: AckHandler | undefined;
  #strayResponse: StrayResponseHandler | undefined;

  on(method: string, handler: RequestHandler): () => void {
    return claim(this.#handlers, method, handler, `a handler for ${method}`);
  }

  /** Answers requests of `method` whose sender the restriction refuses before any handler sees them. */
  restrict(method: string, restriction: Restriction): () => void {
    return claim(this.#restrictions, method, restriction, `a restriction on ${method}`);
  }

  onStrayAck(handler: AckHandler): () => void {
    if (this.#ack) throw new Error("stray ACKs already have a handler");
    this.#ack = handler;
    return () => {
      if (this.#ack === handler) this.#ack = undefined;
    };
  }

  onStrayResponse(handler: StrayResponseHandler): () => void {
    if (this.#strayResponse) throw new Error("stray responses already have a handler");
    this.#strayResponse = handler;
    return () => {
      if (this.#strayResponse === handler) this.#strayResponse = undefined;
    };
  }

  /** The restriction's refusal, else the method's handler, else the answer for a method nobody serves. */
  route(request: IncomingRequest, tx: ServerTransaction, allow: ResponseOptions): void {
    const refusal = this.#restrictions.get(request.method)?.(request, tx.source);
    const handler = this.#handlers.get(request.method);
    if (refusal) tx.respond(refusal.status, { reason: refusal.reason });
    else if (handler) handler(request, tx);
    else answerUnrouted(tx, allow);
  }

  strayAck(ack: IncomingRequest, source: Peer): void {
    this.#ack?.(ack, source);
  }

  strayResponse(response: IncomingResponse, source: Peer): void {
    this.#strayResponse?.(response, source);
  }
}

function claim<T>(map: Map<string, T>, method: string, value: T, what: string): () => void {
  if (map.has(method)) throw new Error(`${what} is already registered`);
  map.set(method, value);
  return () => {
    if (map.get(method) === value) map.delete(method);
  };
}

/**
 * The answer when nobody registered the method: OPTIONS says what we support (providers use it as a
 * keep-alive, §11.2); anything else is temporarily unavailable, an INVITE because no call layer takes calls.
 */
function answerUnrouted(tx: ServerTransaction, allow: ResponseOptions): void {
  const method = tx.request.method;
  if (method === "OPTIONS") tx.respond(200, allow);
  else tx.respond(480, method === "INVITE" ? { reason: "Calls are not handled yet" } : {});
}
