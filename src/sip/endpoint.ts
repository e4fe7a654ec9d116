import { type Clock, type Logger, silentLogger } from "../shared/index.ts";
import { DEFAULT_POLICY, type UasPolicy } from "./classify.ts";
import { readCSeq } from "./core-headers.ts";
import { NO_COUNTERS } from "./counters.ts";
import { DialogTable } from "./dialog-table.ts";
import { type InboundContext, receive } from "./endpoint-inbound.ts";
import { SipGuard } from "./guard.ts";
import type { GuardConfig } from "./guard-config.ts";
import { HeaderList } from "./header-list.ts";
import { newBranch } from "./ids.ts";
import type { SipRequest } from "./message.ts";
import { type AckHandler, MethodRoutes, type RequestHandler, type Restriction, type StrayResponseHandler } from "./method-routes.ts";
import type { Peer, TransportName } from "./peer.ts";
import { attempt } from "./scanner.ts";
import type { ClientTransaction, ResponseHandler } from "./transactions/client-transaction.ts";
import { InviteClientTransaction } from "./transactions/invite-client.ts";
import { NonInviteClientTransaction } from "./transactions/non-invite-client.ts";
import { cancelFor } from "./transactions/requests.ts";
import { TransactionTable } from "./transactions/table.ts";
import { DEFAULT_TIMER_SETTINGS, type TimerSettings } from "./transactions/timers.ts";
import type { TransactionEnv } from "./transactions/transaction.ts";
import { SipTransport, type TransportOptions } from "./transport.ts";

export type EndpointOptions = TransportOptions & {
  /** The host written in our Via headers when it differs from the listening address (behind NAT, 0.0.0.0). */
  readonly advertisedHost?: string;
  readonly timers?: TimerSettings;
  readonly policy?: UasPolicy;
  readonly guard?: Partial<GuardConfig>;
};

/**
 * A SIP element: transports, transaction layer and abuse guard in one. The layers above hear of requests
 * through `on()` (one handler a method: the call layer's INVITE, a registrar's REGISTER) and `dialogs`
 * (the owner of each dialog takes its BYE, re-INVITE and INFO), and send requests through `request()`.
 */
export class SipEndpoint {
  readonly dialogs = new DialogTable();
  readonly #routes = new MethodRoutes();
  readonly guard: SipGuard;
  readonly #table = new TransactionTable();
  readonly #env: TransactionEnv;
  readonly #inbound: InboundContext;
  readonly #log: Logger;
  #transport: SipTransport | undefined;

  private constructor(private readonly options: EndpointOptions) {
    const log = options.log ?? silentLogger;
    const counters = options.counters ?? NO_COUNTERS;
    this.#log = log;
    this.guard = new SipGuard(options.guard ?? {}, options.clock, counters, log);
    this.#env = {
      clock: options.clock,
      timers: options.timers ?? DEFAULT_TIMER_SETTINGS,
      log,
      send: (message, to, failed) => this.transport.send(message, to, failed),
      terminated: (tx) => this.#table.remove(tx),
      answered: (request, source, status) => this.guard.answered(request, source.address, status),
    };
    this.#inbound = {
      policy: options.policy ?? DEFAULT_POLICY,
      guard: this.guard,
      counters,
      table: this.#table,
      env: this.#env,
      log,
      routes: this.#routes,
      dialogs: this.dialogs,
      send: (message, to) => this.transport.send(message, to),
    };
  }

  static async start(options: EndpointOptions): Promise<SipEndpoint> {
    const endpoint = new SipEndpoint(options);
    endpoint.#transport = await SipTransport.open(options, {
      admit: (source) => endpoint.guard.admit(source.address),
      trusted: (peer) => endpoint.guard.isTrusted(peer.address),
      receive: (result, source) => receive(endpoint.#inbound, result, source),
    });
    return endpoint;
  }

  /** Takes the requests of `method` outside any dialog; returns the function that removes the handler. Throws when taken. */
  on(method: string, handler: RequestHandler): () => void {
    return this.#routes.on(method, handler);
  }

  /** Refuses requests of `method` from senders the restriction turns away, before their handler sees them. */
  restrict(method: string, restriction: Restriction): () => void {
    return this.#routes.restrict(method, restriction);
  }

  onStrayAck(handler: AckHandler): () => void {
    return this.#routes.onStrayAck(handler);
  }

  onStrayResponse(handler: StrayResponseHandler): () => void {
    return this.#routes.onStrayResponse(handler);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Where we listen on a transport, with the advertised host; undefined when that transport is off. */
  local(transport: TransportName): Peer | undefined {
    const local = this.transport.local(transport);
    return local && { ...local, address: this.options.advertisedHost ?? local.address };
  }

  /**
   * Sends a request in a new client transaction. Our Via (fresh branch, rport) goes on top and Max-Forwards
   * is added when missing; the request must carry From, To, Call-ID and a CSeq naming its method.
   */
  request(request: SipRequest, to: Peer, onResponse: ResponseHandler): ClientTransaction {
    if (request.method === "ACK") throw new Error("an ACK is not a transaction: use sendStateless()");
    const branch = newBranch();
    return this.startClient(this.withVia(request, to, branch), to, branch, onResponse);
  }

  /** Sends a request outside any transaction: the ACK of a 2xx (RFC 3261 §13.2.2.4). */
  sendStateless(request: SipRequest, to: Peer): void {
    this.transport.send(this.withVia(request, to, newBranch()), to);
  }

  /** CANCELs a pending INVITE (§9.1): at once if it is ringing, after its first provisional response otherwise. */
  cancel(tx: ClientTransaction, onResponse: ResponseHandler = () => {}): boolean {
    if (!(tx instanceof InviteClientTransaction)) return false;
    return tx.cancel(() => {
      this.startClient(cancelFor(tx.request), tx.peer, tx.branch, onResponse);
    });
  }

  get stats(): {
    serverTransactions: number;
    clientTransactions: number;
    udpErrors: number;
    tcpConnections: number;
    tcpPendingBytes: number;
  } {
    return { serverTransactions: this.#table.serverCount, clientTransactions: this.#table.clientCount, ...this.transport.stats };
  }

  /** Stops listening and every transaction timer; nothing is sent afterwards. */
  close(): void {
    for (const tx of this.#table.all()) tx.halt();
    this.#transport?.close();
  }

  private get transport(): SipTransport {
    if (!this.#transport) throw new Error("the SIP endpoint has not started");
    return this.#transport;
  }

  private withVia(request: SipRequest, to: Peer, branch: string): SipRequest {
    const local = this.local(to.transport);
    if (!local) throw new Error(`SIP over ${to.transport} is not enabled`);
    const host = local.address.includes(":") ? `[${local.address}]` : local.address;
    const headers = new HeaderList([{ name: "Via", value: `SIP/2.0/${to.transport} ${host}:${local.port};branch=${branch};rport` }]);
    for (const h of request.headers) headers.append(h.name, h.value);
    if (!headers.has("Max-Forwards")) headers.append("Max-Forwards", "70");
    return { ...request, headers };
  }

  private startClient(request: SipRequest, to: Peer, branch: string, onResponse: ResponseHandler): ClientTransaction {
    const cseq = attempt(() => readCSeq(request.headers.get("CSeq") ?? ""));
    if (cseq?.method !== request.method) throw new Error(`a ${request.method} request needs a CSeq naming its method`);
    const tx =
      request.method === "INVITE"
        ? new InviteClientTransaction(this.#env, request, to, branch, onResponse)
        : new NonInviteClientTransaction(this.#env, request, to, branch, onResponse);
    this.#table.addClient(tx);
    tx.start();
    this.#log.debug("sip request sent", { method: request.method, to });
    return tx;
  }
}
