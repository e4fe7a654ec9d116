import { MFA_ROLES, type SsoSettings } from "../settings/index.ts";
import { FormReader } from "../shared/index.ts";
import { issuerProblem } from "./sso.ts";

const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Reads Admin → Settings → Single sign-on. The client secret is never sent to the browser: an empty field keeps
 * the stored one unless "remove" is ticked. An empty issuer turns single sign-on off.
 */
export function readSsoForm(data: Record<string, unknown>, current: SsoSettings): SsoSettings {
  const form = new FormReader(data);
  const issuer = form.text("issuer", { label: "Issuer URL", max: 300 }).replace(/\/+$/, "");
  const problem = issuer && !form.errors.issuer ? issuerProblem(issuer) : null;
  if (problem) form.fail("issuer", problem);
  const secret = form.text("clientSecret", { label: "Client secret", max: 500 });
  const matchClaim = form.text("matchClaim", { label: "Claim that finds the account", required: true, max: 64 });
  if (matchClaim && !form.errors.matchClaim && !CLAIM_NAME.test(matchClaim))
    form.fail("matchClaim", "Claim that finds the account must be a claim name such as email or preferred_username");
  const next: SsoSettings = {
    issuer,
    clientId: form.text("clientId", { label: "Client id", max: 300 }),
    clientSecret: form.bool("clientSecretClear") ? "" : secret || current.clientSecret,
    label: form.text("label", { label: "Button label", max: 40 }),
    matchClaim,
    allowedRoles: MFA_ROLES.filter((role) => form.bool(`allowed_${role}`)),
    requiredRoles: MFA_ROLES.filter((role) => role !== "admin" && form.bool(`required_${role}`)),
  };
  if (issuer) {
    if (!next.clientId) form.fail("clientId", "Client id is required to sign in");
    if (!next.label) form.fail("label", "Button label is required: the login page shows Sign in with <label>");
  }
  const stray = next.requiredRoles.filter((role) => !next.allowedRoles.includes(role));
  if (stray.length) form.fail("required", `A role that must use single sign-on must also be allowed to: ${stray.join(", ")}`);
  form.done();
  return next;
}
