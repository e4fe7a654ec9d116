import type { SipEndpoint } from "../sip/index.ts";

/**
 * The trunk's part of the appliance's SIP routes:
 * - INVITE: only the provider's addresses may call in; anyone else gets 403 before the call layer sees it;
 * - REGISTER: 403, since SIP-phone agents (FEATURES A2 typology) are not served yet; a registrar for desk
 *   phones would take REGISTER with its own `endpoint.on("REGISTER", …)` in place of this refusal.
 * OPTIONS keep-alives, BYE and INFO outside our dialogs, and INVITEs while no call layer is registered get
 * the endpoint's own answers (200, 481, 480). Returns the function that removes both registrations.
 */
export function takeTrunkRequests(endpoint: SipEndpoint, isTrunkSource: (address: string) => boolean): () => void {
  const offs = [
    endpoint.restrict("INVITE", (_invite, source) =>
      isTrunkSource(source.address) ? null : { status: 403, reason: "Calls are accepted from the SIP trunk only" },
    ),
    endpoint.on("REGISTER", (_register, tx) => tx.respond(403, { reason: "Registration of SIP phones is not enabled" })),
  ];
  return () => {
    for (const off of offs) off();
  };
}
