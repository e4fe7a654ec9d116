import type { SalesforceLookup, SalesforceSettings } from "../../settings/index.ts";
import { FormReader } from "../../shared/index.ts";
import { FIELD_NAME } from "./soql.ts";

const FLOWS = ["client_credentials", "password"] as const;

/**
 * Reads Admin → Settings → Salesforce. Secrets are never sent to the browser: an empty secret field keeps
 * the stored one unless its "remove" box is ticked. `attachedFields` are the names a lookup may use.
 */
export function readSalesforceForm(
  data: Record<string, unknown>,
  current: SalesforceSettings,
  attachedFields: readonly string[],
): SalesforceSettings {
  const form = new FormReader(data);
  const loginUrl = form.text("loginUrl", { label: "Login URL", max: 200 }).replace(/\/+$/, "");
  if (loginUrl && !form.errors.loginUrl && !/^https?:\/\/[^\s/?#]+$/.test(loginUrl))
    form.fail("loginUrl", "Login URL must be like https://login.salesforce.com or https://yourdomain.my.salesforce.com");
  const flow = form.oneOf("flow", "Sign-in flow", FLOWS);
  const secret = form.text("clientSecret", { label: "Client secret", max: 500 });
  const password = form.text("password", { label: "Password", max: 500 });
  const next: SalesforceSettings = {
    loginUrl,
    flow,
    clientId: form.text("clientId", { label: "Client id", max: 500 }),
    clientSecret: form.bool("clientSecretClear") ? "" : secret || current.clientSecret,
    username: form.text("username", { label: "Username", max: 254 }),
    password: form.bool("passwordClear") ? "" : password || current.password,
    lookup: { voice: readLookup(form, "voice", attachedFields), chat: readLookup(form, "chat", attachedFields) },
  };
  if (loginUrl) {
    if (!next.clientId) form.fail("clientId", "Client id is required to sign in");
    if (!next.clientSecret) form.fail("clientSecret", "Client secret is required to sign in");
    if (flow === "password" && !next.username) form.fail("username", "Username is required for the username-password flow");
    if (flow === "password" && !next.password) form.fail("password", "Password is required for the username-password flow");
  }
  form.done();
  return next;
}

function readLookup(form: FormReader, channel: "voice" | "chat", attachedFields: readonly string[]): SalesforceLookup {
  const sources = ["address", ...attachedFields];
  const source = form.oneOf(`${channel}Source`, "Looked up by", sources);
  const field = form.text(`${channel}Field`, { label: "Contact field", required: true, max: 161 });
  if (field && !form.errors[`${channel}Field`] && !FIELD_NAME.test(field))
    form.fail(`${channel}Field`, "Contact field must be an API name such as Phone, Email or AccountNumber__c");
  return { source, field };
}
