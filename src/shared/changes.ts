/** One changed field in an audit detail: its value before and after. */
export type Change = { from: unknown; to: unknown };

/** The fields whose values differ, as { field: { from, to } }; secret fields say only that they changed. */
export function changesBetween<T extends object>(before: T, after: T, secret: (keyof T)[] = []): Record<string, Change> {
  const out: Record<string, Change> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out[String(key)] = secret.includes(key) ? { from: "(hidden)", to: "(changed)" } : { from: before[key], to: after[key] };
  }
  return out;
}
