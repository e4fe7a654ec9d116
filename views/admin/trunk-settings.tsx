import type { TrunkConfig } from "../../src/trunk/index.ts";
import { Checkbox, Csrf, type Errors, Field, Select, TextArea } from "../components/form.tsx";

/** The form's values as typed, so a rejected form comes back as it was sent. */
export type TrunkValues = Record<string, string>;

/** Empty rows offered below the saved number rules. */
export const SPARE_RULE_ROWS = 2;

export function valuesOfTrunk(t: TrunkConfig): TrunkValues {
  const rules = Object.fromEntries(
    t.numberRules.flatMap((r, i) => [
      [`rule${i}Prefix`, r.prefix],
      [`rule${i}Strip`, String(r.strip)],
      [`rule${i}Add`, r.add],
    ]),
  );
  return {
    enabled: t.enabled ? "on" : "",
    host: t.host,
    port: String(t.port),
    transport: t.transport,
    authMode: t.authMode,
    username: t.username,
    authRealm: t.authRealm,
    expiresS: String(t.expiresS),
    allowList: t.allowList.join("\n"),
    callerId: t.callerId,
    codecs: t.codecs.join(","),
    ...rules,
  };
}

const CODEC_OPTIONS = [
  ["PCMU,PCMA", "PCMU (G.711 µ-law), then PCMA"],
  ["PCMA,PCMU", "PCMA (G.711 A-law), then PCMU"],
  ["PCMU", "PCMU only"],
  ["PCMA", "PCMA only"],
] as const;

type Props = { csrf: string; values: TrunkValues; errors?: Errors; hasPassword: boolean; maxRules: number };

/** Provider, authentication, outbound caller ID, number rules and codecs (FEATURES A7). */
export function TrunkSettingsForm({ csrf, values: v, errors, hasPassword, maxRules }: Props) {
  return (
    <form method="post" action="/admin/trunk" class="card" aria-labelledby="trunk-settings-h">
      <h2 id="trunk-settings-h">Provider</h2>
      <Csrf token={csrf} />
      <Checkbox name="enabled" label="Trunk enabled" checked={v.enabled === "on"} />
      <div class="grid">
        <Field name="host" label="Provider host" value={v.host} required maxLength={253} hint="Host name or IP address" errors={errors} />
        <Field name="port" label="Provider port" type="number" value={v.port} min={1} max={65535} hint="Usually 5060" errors={errors} />
        <Select
          name="transport"
          label="Transport"
          value={v.transport}
          options={[
            ["UDP", "UDP"],
            ["TCP", "TCP"],
          ]}
          errors={errors}
        />
      </div>
      <fieldset>
        <legend>Authentication</legend>
        <Select
          name="authMode"
          label="Authentication"
          value={v.authMode}
          options={[
            ["register", "Registration with username and password"],
            ["ip", "IP-based: the provider knows our address"],
          ]}
          errors={errors}
        />
        <div class="grid">
          <Field name="username" label="Username" value={v.username} maxLength={128} autocomplete="off" errors={errors} />
          <Field
            name="password"
            label="Password"
            type="password"
            maxLength={128}
            autocomplete="new-password"
            hint={hasPassword ? "A password is stored. Leave empty to keep it." : "No password stored."}
            errors={errors}
          />
          <Field
            name="authRealm"
            label="Authentication realm"
            value={v.authRealm}
            maxLength={128}
            hint="Optional: answer only this realm's challenges"
            errors={errors}
          />
          <Field
            name="expiresS"
            label="Registration expiry (seconds)"
            type="number"
            value={v.expiresS}
            min={60}
            max={3600}
            hint="60 to 3600; renewed at half the time"
            errors={errors}
          />
        </div>
        {hasPassword ? <Checkbox name="passwordClear" label="Remove the stored password" /> : null}
        <TextArea
          name="allowList"
          label="Provider addresses"
          value={v.allowList}
          rows={3}
          hint="One address or CIDR block per line (e.g. 192.0.2.0/24). Required for IP-based authentication; with registration, addresses the provider calls from besides its host. Calls from anywhere else are refused."
          errors={errors}
        />
      </fieldset>
      <fieldset>
        <legend>Outbound calls</legend>
        <div class="grid">
          <Field
            name="callerId"
            label="Outbound caller ID"
            value={v.callerId}
            maxLength={21}
            hint="E.164 (+41441234567) or digits; empty = the provider's default"
            errors={errors}
          />
          <Select name="codecs" label="Codecs" value={v.codecs} options={CODEC_OPTIONS} errors={errors} />
        </div>
        <NumberRules values={v} errors={errors} maxRules={maxRules} />
      </fieldset>
      <button type="submit">Save trunk</button>
    </form>
  );
}

function NumberRules({ values: v, errors, maxRules }: { values: TrunkValues; errors?: Errors; maxRules: number }) {
  const used = Array.from({ length: maxRules }, (_, i) => i).filter((i) => v[`rule${i}Prefix`] || v[`rule${i}Strip`] || v[`rule${i}Add`]);
  const rows = Math.min(maxRules, (used.length ? Math.max(...used) + 1 : 0) + SPARE_RULE_ROWS);
  return (
    <fieldset>
      <legend>Number rules</legend>
      <p class="hint">
        Tried in order; the first rule whose prefix the dialled number starts with applies. Example: prefix 0, remove 1, add +41. Leave a
        row empty for no rule.
      </p>
      {Array.from({ length: rows }, (_, i) => (
        <fieldset>
          <legend>Rule {i + 1}</legend>
          <div class="grid">
            <Field
              name={`rule${i}Prefix`}
              label={`Rule ${i + 1}: when the number starts with`}
              value={v[`rule${i}Prefix`]}
              maxLength={17}
              errors={errors}
            />
            <Field
              name={`rule${i}Strip`}
              label={`Rule ${i + 1}: characters to remove`}
              type="number"
              value={v[`rule${i}Strip`]}
              min={0}
              max={16}
              errors={errors}
            />
            <Field name={`rule${i}Add`} label={`Rule ${i + 1}: prefix to add`} value={v[`rule${i}Add`]} maxLength={17} errors={errors} />
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}
