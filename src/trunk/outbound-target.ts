import { Conflict, ValidationError } from "../shared/index.ts";
import { quote, type Peer } from "../sip/index.ts";
import { applyNumberRules, cleanNumber } from "./number-rules.ts";
import { isConfigured, type TrunkConfig } from "./trunk-config.ts";

/** Everything the call layer needs to send an agent's outside call to the provider (FEATURES V3, A7). */
export type OutboundTarget = {
  /** The number as the agent dialled it (cleaned) and as it goes to the provider after the number rules. */
  readonly dialled: string;
  readonly number: string;
  readonly peer: Peer;
  readonly requestUri: string;
  /** The From header without its tag: the trunk's caller ID at the provider's domain. */
  readonly from: string;
  readonly to: string;
  /** For the provider's digest challenge of the INVITE; null with IP-based authentication. */
  readonly credentials: { readonly username: string; readonly password: string; readonly realm: string } | null;
};

const hostPart = (host: string) => (host.includes(":") ? `[${host}]` : host);

/**
 * Where and as whom a dialled number is called: the number rules applied, the caller ID in From (the account's
 * username when no caller ID is set), the provider's first address. Conflict when the trunk cannot call out.
 */
export function outboundTarget(trunk: TrunkConfig, dialledText: string, address: string): OutboundTarget {
  if (!isConfigured(trunk) || !trunk.enabled) throw new Conflict("The SIP trunk is not set up, so outside numbers cannot be called.");
  const dialled = cleanNumber(dialledText);
  if (!dialled)
    throw new ValidationError("Enter a phone number: digits, an optional leading +, * or #.", { number: "Enter a phone number" });
  const number = applyNumberRules(trunk.numberRules, dialled);
  const domain = `${hostPart(trunk.host)}${trunk.port === 5060 ? "" : `:${trunk.port}`}`;
  const transport = trunk.transport === "UDP" ? "" : `;transport=${trunk.transport.toLowerCase()}`;
  const user = trunk.callerId || (trunk.authMode === "register" ? trunk.username : "") || "switchboard";
  const name = trunk.callerId ? `${quote(trunk.callerId)} ` : "";
  return {
    dialled,
    number,
    peer: { transport: trunk.transport, address, port: trunk.port },
    requestUri: `sip:${number}@${domain}${transport}`,
    from: `${name}<sip:${user}@${hostPart(trunk.host)}>`,
    to: `<sip:${number}@${hostPart(trunk.host)}>`,
    credentials: trunk.authMode === "register" ? { username: trunk.username, password: trunk.password, realm: trunk.authRealm } : null,
  };
}
