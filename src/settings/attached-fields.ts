/**
 * Attached-data fields (FEATURES A6): the admin names up to ten fields; outside sources fill them by name. The
 * website's context (host-page API, pre-chat) fills a field from the context key of the same name, a trunk call from
 * the `X-<Field-Name>` header. Names match ignoring case, spaces, "-", "_" and ".", so "Account number" is filled by
 * the context key `accountNumber` or `account_number` and by the header `X-Account-Number`.
 */

/** Letters and digits first, then also spaces, "-", "_" and ".": a name a header and a context key can carry. */
export const FIELD_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

/** The form a name is matched in. */
export function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, "");
}

/** Why a list of field names cannot be saved, or null. */
export function attachedFieldsProblem(names: readonly string[]): string | null {
  const seen = new Map<string, string>();
  for (const name of names) {
    if (!FIELD_NAME.test(name)) return `Attached-data fields: "${name.slice(0, 50)}" may only have letters, digits, spaces, -, _ and .`;
    const twin = seen.get(fieldKey(name));
    if (twin) return `Attached-data fields: "${twin}" and "${name}" would be filled by the same context key and header`;
    seen.set(fieldKey(name), name);
  }
  return null;
}

/**
 * The values of the configured fields found in an outside source, under the fields' names and in their order.
 * Anything not configured is left out, so what an outside party can attach is bounded by the field list; `prefix`
 * is taken off the source's names first (the "X-" of SIP headers); `reserved` names are the appliance's own.
 */
export function namedAttachedData(
  fields: readonly string[],
  source: Readonly<Record<string, string>>,
  options: { prefix?: string; reserved?: readonly string[] } = {},
): Record<string, string> {
  const prefix = options.prefix?.toLowerCase() ?? "";
  const byKey = new Map<string, string>();
  for (const [name, value] of Object.entries(source)) {
    if (prefix && !name.toLowerCase().startsWith(prefix)) continue;
    const key = fieldKey(name.slice(prefix.length));
    if (key && !byKey.has(key)) byKey.set(key, value);
  }
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = byKey.get(fieldKey(field));
    if (value !== undefined && value !== "" && !options.reserved?.includes(field)) out[field] = value;
  }
  return out;
}
