import { DEFAULT_POLICY, type IncomingRequest, type ServerTransaction } from "../sip/index.ts";

/** What the call layer plugs in to take INVITEs from the trunk (the source is already checked). */
export type InviteHandler = (request: IncomingRequest, tx: ServerTransaction) => void;

export type RequestContext = {
  isTrunkSource(address: string): boolean;
  /** Undefined until the call layer sets one: trunk INVITEs are then answered 480. */
  inviteHandler(): InviteHandler | undefined;
};

/**
 * The appliance's answer to each new SIP request outside a dialog:
 * - OPTIONS: 200 with what we support (providers use it as a keep-alive, §11.2);
 * - REGISTER: 403, since SIP-phone agents (FEATURES A2 typology) are not served yet;
 * - INVITE: 403 from any address that is not the trunk's, the call layer's handler for the trunk,
 *   480 Temporarily Unavailable while there is none;
 * - BYE and INFO: 481, as the call layer answers those of its dialogs first; anything else: 405 with Allow.
 */
export function answerRequest(ctx: RequestContext, request: IncomingRequest, tx: ServerTransaction): void {
  const allow = { name: "Allow", value: DEFAULT_POLICY.methods.join(", ") };
  switch (request.method) {
    case "OPTIONS":
      tx.respond(200, { headers: [allow, { name: "Accept", value: DEFAULT_POLICY.bodyTypes.join(", ") }] });
      return;
    case "REGISTER":
      tx.respond(403, { reason: "Registration of SIP phones is not enabled" });
      return;
    case "INVITE":
      answerInvite(ctx, request, tx);
      return;
    case "BYE":
    case "INFO":
      tx.respond(481);
      return;
    default:
      tx.respond(405, { headers: [allow] });
  }
}

function answerInvite(ctx: RequestContext, request: IncomingRequest, tx: ServerTransaction): void {
  if (!ctx.isTrunkSource(tx.source.address)) {
    tx.respond(403, { reason: "Calls are accepted from the SIP trunk only" });
    return;
  }
  const handler = ctx.inviteHandler();
  if (handler) handler(request, tx);
  else tx.respond(480, { reason: "Calls are not handled yet" });
}
