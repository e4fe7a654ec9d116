import type { Logger } from "../shared/index.ts";
import { classify, isScannerAgent, type UasPolicy } from "./classify.ts";
import type { SipCounters } from "./counters.ts";
import type { DialogTable } from "./dialog-table.ts";
import type { SipGuard } from "./guard.ts";
import type { IncomingRequest, IncomingResponse, ParseResult, RequestHead, SipMessage } from "./message.ts";
import type { MethodRoutes } from "./method-routes.ts";
import type { Peer } from "./peer.ts";
import { createResponse, type ResponseOptions } from "./response.ts";
import { InviteServerTransaction } from "./transactions/invite-server.ts";
import { responseKey, serverKey } from "./transactions/keys.ts";
import { NonInviteServerTransaction } from "./transactions/non-invite-server.ts";
import type { AnyServerTransaction, TransactionTable } from "./transactions/table.ts";
import type { TransactionEnv } from "./transactions/transaction.ts";
import { responsePeer } from "./via-received.ts";

export type InboundContext = {
  readonly policy: UasPolicy;
  readonly guard: SipGuard;
  readonly counters: SipCounters;
  readonly table: TransactionTable;
  readonly env: TransactionEnv;
  readonly log: Logger;
  readonly routes: MethodRoutes;
  readonly dialogs: DialogTable;
  send(message: SipMessage, to: Peer): void;
};

/**
 * The receive path: verdict (RFC 3261 §8.2 checks, scanners, garbage), then a matching transaction, then
 * CANCEL and ACK handling, the load caps, and finally a new server transaction for the user.
 */
export function receive(ctx: InboundContext, result: ParseResult, source: Peer): void {
  const head: RequestHead | undefined = result.ok ? (result.message.kind === "request" ? result.message : undefined) : result.error.request;
  if (head && isScannerAgent(head.headers, ctx.policy)) {
    ctx.counters.rejected("scanner");
    ctx.guard.offence(source.address, "scanner");
    return;
  }
  const verdict = classify(result, ctx.policy);
  if (!result.ok) {
    ctx.counters.rejected("malformed");
    ctx.guard.offence(source.address, "malformed");
    // Without a Via that parsed, the answer goes back where the request came from.
    if (verdict.action === "respond" && head) ctx.send(createResponse(head, verdict.status, verdict), source);
    return;
  }
  const message = result.message;
  if (verdict.action === "drop") ctx.log.debug("sip message dropped", { source, reason: verdict.reason });
  else if (message.kind === "response") onResponse(ctx, message, source);
  // Refusals of the §8.2 checks are stateless (§8.2.7): a retransmission simply gets the same answer.
  else if (verdict.action === "respond") ctx.send(createResponse(message, verdict.status, verdict), responsePeer(message, source));
  else onRequest(ctx, message, source);
}

function onResponse(ctx: InboundContext, response: IncomingResponse, source: Peer): void {
  const tx = ctx.table.client(responseKey(response));
  if (tx) tx.receive(response);
  else ctx.routes.strayResponse(response, source);
}

function onRequest(ctx: InboundContext, request: IncomingRequest, source: Peer): void {
  const key = serverKey(request);
  const existing = ctx.table.server(key);
  if (existing) existing.receive(request);
  else if (request.method === "ACK") onAck(ctx, request, source);
  else if (request.method === "CANCEL") onCancel(ctx, request, source);
  else startServerTransaction(ctx, request, source, key);
}

function startServerTransaction(ctx: InboundContext, request: IncomingRequest, source: Peer, key: string): void {
  const admission = ctx.guard.admitTransaction(request.method, ctx.table.serverCount);
  if (!admission.ok) {
    const headers = [{ name: "Retry-After", value: String(admission.retryAfterSeconds) }];
    ctx.send(createResponse(request, 503, { headers }), responsePeer(request, source));
    return;
  }
  const tx =
    request.method === "INVITE"
      ? new InviteServerTransaction(ctx.env, request, source, key)
      : new NonInviteServerTransaction(ctx.env, request, source, key);
  ctx.table.addServer(tx);
  dispatch(ctx, request, tx);
}

function onAck(ctx: InboundContext, ack: IncomingRequest, source: Peer): void {
  const invite = ctx.table.inviteFor(ack);
  if (invite?.acknowledge(ack)) return;
  ctx.routes.strayAck(ack, source);
}

/** RFC 3261 §9.2: 200 to the CANCEL (with the INVITE's To tag), 487 to the INVITE if it is still pending. */
function onCancel(ctx: InboundContext, cancel: IncomingRequest, source: Peer): void {
  const invite = ctx.table.server(serverKey(cancel, "INVITE"));
  if (!(invite instanceof InviteServerTransaction)) {
    ctx.send(createResponse(cancel, 481), responsePeer(cancel, source));
    return;
  }
  const tx = new NonInviteServerTransaction(ctx.env, cancel, source, serverKey(cancel));
  ctx.table.addServer(tx);
  tx.respond(200, { toTag: invite.toTag });
  invite.cancel();
}

/** A request within a dialog we hold goes to the dialog's owner; any other to the handler of its method. */
function dispatch(ctx: InboundContext, request: IncomingRequest, tx: AnyServerTransaction): void {
  try {
    if (!ctx.dialogs.route(request, tx)) ctx.routes.route(request, tx, supported(ctx.policy));
  } catch (error) {
    ctx.log.error("sip request handler failed", { method: request.method, error });
    if (tx.finalStatus === undefined && !tx.terminated) tx.respond(500);
  }
}

/** The Allow and Accept of an answer to OPTIONS (§11.2). */
function supported(policy: UasPolicy): ResponseOptions {
  return {
    headers: [
      { name: "Allow", value: policy.methods.join(", ") },
      { name: "Accept", value: policy.bodyTypes.join(", ") },
    ],
  };
}
