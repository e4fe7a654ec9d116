import { FormReader } from "../shared/index.ts";
import { isHostOrIp, readAllowEntry } from "./addresses.ts";
import { MAX_NUMBER_RULES, type NumberRule, ruleProblem } from "./number-rules.ts";
import { TRUNK_AUTH_MODES, TRUNK_TRANSPORTS } from "./schema.ts";
import { type Codec, EXPIRES_LIMITS, type TrunkConfig } from "./trunk-config.ts";

/** The codec orders offered on the form; the value is the list, preferred first. */
export const CODEC_CHOICES = ["PCMU,PCMA", "PCMA,PCMU", "PCMU", "PCMA"] as const;
export const MAX_ALLOW_ENTRIES = 50;

// Characters of the user part of a SIP URI (RFC 3261 §25.1), without escapes.
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]+$/;
const CALLER_ID = /^(\+[1-9][0-9]{1,14}|[0-9]{1,20})$/;

/**
 * Reads the trunk form into a complete TrunkConfig (ValidationError per field). The password is never
 * sent to the browser, so an empty password field keeps the stored one unless "remove" is ticked.
 */
export function readTrunkForm(data: Record<string, unknown>, current: TrunkConfig): TrunkConfig {
  const form = new FormReader(data);
  const authMode = form.oneOf("authMode", "Authentication", TRUNK_AUTH_MODES, "register");
  const host = form.text("host", { label: "Provider host", required: true, max: 253 });
  if (host && !form.errors.host && !isHostOrIp(host)) form.fail("host", "Provider host must be a host name or an IP address");
  const trunk: TrunkConfig = {
    enabled: form.bool("enabled"),
    host: host.toLowerCase(),
    port: form.int("port", { label: "Provider port", min: 1, max: 65535, fallback: 5060 }),
    transport: form.oneOf("transport", "Transport", TRUNK_TRANSPORTS, "UDP"),
    authMode,
    ...readCredentials(form, authMode === "register", current.password),
    expiresS: form.int("expiresS", { label: "Registration expiry", ...EXPIRES_LIMITS, fallback: current.expiresS }),
    allowList: readAllowList(form, authMode === "ip"),
    callerId: form.text("callerId", {
      label: "Outbound caller ID",
      max: 21,
      pattern: CALLER_ID,
      patternHint: "must be an E.164 number (+ and up to 15 digits) or digits only",
    }),
    numberRules: readNumberRules(form),
    codecs: form.oneOf("codecs", "Codecs", CODEC_CHOICES, "PCMU,PCMA").split(",") as Codec[],
  };
  form.done();
  return trunk;
}

function readCredentials(form: FormReader, registering: boolean, stored: string) {
  const username = form.text("username", {
    label: "Username",
    required: registering,
    max: 128,
    pattern: SIP_USER,
    patternHint: "may have letters, digits and - _ . ! ~ * ' ( ) & = + $ , ; ? / only",
  });
  const typed = form.text("password", { label: "Password", max: 128 });
  const password = form.bool("passwordClear") ? "" : typed || stored;
  if (registering && !password && !form.errors.password) form.fail("password", "Password is required for registration");
  const authRealm = form.text("authRealm", {
    label: "Authentication realm",
    max: 128,
    pattern: /^[^"\\]*$/,
    patternHint: "may not have quotes or backslashes",
  });
  return { username, password, authRealm };
}

function readAllowList(form: FormReader, required: boolean): string[] {
  const text = form.text("allowList", { label: "Provider addresses", max: 5_000 });
  const lines = text
    .split(/[\r\n,]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_ALLOW_ENTRIES) form.fail("allowList", `Provider addresses: at most ${MAX_ALLOW_ENTRIES}`);
  const entries: string[] = [];
  for (const line of lines) {
    const result = readAllowEntry(line);
    if ("problem" in result) {
      form.fail("allowList", result.problem);
      break;
    }
    if (!entries.includes(result.entry)) entries.push(result.entry);
  }
  if (required && !lines.length && !form.errors.allowList)
    form.fail("allowList", "Provider addresses are required for IP-based authentication");
  return entries;
}

/** Rows rule{i}Prefix / rule{i}Strip / rule{i}Add; a row left empty is no rule. */
function readNumberRules(form: FormReader): NumberRule[] {
  const rules: NumberRule[] = [];
  for (let i = 0; i < MAX_NUMBER_RULES; i++) {
    const prefix = form.text(`rule${i}Prefix`, { label: `Rule ${i + 1} prefix`, max: 17 });
    const stripText = form.text(`rule${i}Strip`, { label: `Rule ${i + 1} characters to remove`, max: 2 });
    const add = form.text(`rule${i}Add`, { label: `Rule ${i + 1} prefix to add`, max: 17 });
    if (!prefix && !add && (!stripText || stripText === "0")) continue;
    const strip = /^\d{1,2}$/.test(stripText) ? Number(stripText) : stripText ? -1 : 0;
    const problem = ruleProblem({ prefix, strip, add }, `Rule ${i + 1}`);
    const field = `rule${i}${problem ? problem.field[0]?.toUpperCase() + problem.field.slice(1) : ""}`;
    if (problem) form.fail(field, problem.message);
    rules.push({ prefix, strip, add });
  }
  return rules;
}
