import type { Change } from "../shared/index.ts";
import type { AuditEntry } from "./audit.ts";

/** The name of a user, team or queue by its id, when it still exists. */
export type NameOf = (id: string) => string | undefined;

const isChange = (v: unknown): v is Change => Boolean(v) && typeof v === "object" && "from" in (v as object) && "to" in (v as object);
const label = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

function show(value: unknown, nameOf: NameOf): string {
  if (value === null || value === undefined || value === "") return "(none)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return nameOf(value) ?? value;
  if (Array.isArray(value)) return value.length ? value.map((v) => show(v, nameOf)).join(", ") : "(none)";
  if (typeof value === "object")
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${label(k)} ${show(v, nameOf)}`)
      .join(", ");
  return String(value);
}

/**
 * An audit row's detail for people: "field: old → new" for each change, "field: value" for the rest, ids as
 * names. Older rows that kept only the new values or the changed fields' names read as well as they can.
 */
export function describeDetail(detail: string, nameOf: NameOf = () => undefined): string {
  let value: unknown;
  try {
    value = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return detail;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v && typeof v === "object" && !Array.isArray(v) && Object.values(v).some(isChange)) {
      for (const [field, change] of Object.entries(v))
        parts.push(
          isChange(change)
            ? `${label(field)}: ${show(change.from, nameOf)} → ${show(change.to, nameOf)}`
            : `${label(field)}: ${show(change, nameOf)}`,
        );
    } else if (key === "values" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [field, now] of Object.entries(v)) parts.push(`${label(field)}: now ${show(now, nameOf)}`);
    } else if ((key === "fields" || key === "changed" || key === "also") && Array.isArray(v)) {
      if (!("values" in value)) parts.push(`changed: ${v.map((f) => label(String(f))).join(", ")}`);
    } else parts.push(`${label(key)}: ${show(v, nameOf)}`);
  }
  return parts.join("; ");
}

/** "user Ann Agent (ann)", "queue Sales": the target by its current name, else the name the row kept, else its id. */
export function describeTarget(row: Pick<AuditEntry, "targetType" | "targetId" | "detail">, nameOf: NameOf = () => undefined): string {
  if (!row.targetId) return row.targetType;
  let kept: string | undefined;
  try {
    const d = JSON.parse(row.detail) as Record<string, unknown>;
    const name = d.username ?? d.name ?? d[row.targetType] ?? d.shortcut;
    kept = typeof name === "string" ? name : undefined;
  } catch {}
  return `${row.targetType} ${nameOf(row.targetId) ?? kept ?? row.targetId}`;
}
