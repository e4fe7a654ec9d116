/** Times as people of the center read them: in the center's time zone (an IANA name such as "Europe/Rome"). */

/** The zone this box runs in: the center's default. */
export const BOX_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The zone's canonical IANA name ("europe/rome" → "Europe/Rome"), or null when there is no such zone. */
export function canonicalTimeZone(name: string): string | null {
  if (!name || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

// A formatter costs far more to build than to use: one per zone and shape, built on first use.
const formatters = new Map<string, Intl.DateTimeFormat>();
function parts(ms: number, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: canonicalTimeZone(zone) ?? "UTC",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(ms).map((p) => [p.type, p.value]));
}

/** "2026-01-05 09:00:07" in the zone. */
export function formatDateTime(ms: number, zone: string): string {
  const p = parts(ms, zone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** "09:00" in the zone. */
export function formatClock(ms: number, zone: string): string {
  const p = parts(ms, zone);
  return `${p.hour}:${p.minute}`;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms (whole seconds). */
export function zoneOffset(ms: number, zone: string): number {
  const p = parts(ms, zone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The weekday (0 = Sunday) and minute of the day of a moment in the zone, e.g. for business hours. */
export function weekdayAndMinute(ms: number, zone: string): { weekday: number; minute: number } {
  const p = parts(ms, zone);
  return { weekday: WEEKDAYS.indexOf(p.weekday ?? ""), minute: Number(p.hour) * 60 + Number(p.minute) };
}
