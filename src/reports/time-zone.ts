import type { Db } from "../db/index.ts";
import { getSettings } from "../settings/index.ts";
import { zoneOffset } from "../shared/index.ts";

/**
 * Local calendar arithmetic for reports: days, hours and weeks as the center lives them, whatever the
 * box's clock zone (daylight-saving days are 23 or 25 hours long).
 */

/** The zone reports are cut in: the center's time-zone setting. */
export function centerTimeZone(db: Db): string {
  return getSettings(db).timeZone;
}

export const INTERVALS = ["15min", "hour", "day", "week"] as const;
export type Interval = (typeof INTERVALS)[number];

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The instant the zone's wall clock shows `wall` (a UTC-based ms value read as local time). */
export function fromWall(wall: number, zone: string): number {
  const guess = wall - zoneOffset(wall, zone);
  return wall - zoneOffset(guess, zone);
}

/** The instant a local date ("2026-12-07") begins in the zone. */
export function dayStart(date: string, zone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return fromWall(Date.UTC(y as number, (m as number) - 1, d), zone);
}

/** The start of the interval holding this instant, on the zone's wall clock (weeks begin on Monday). */
export function intervalStart(ms: number, interval: Interval, zone: string): number {
  const wall = ms + zoneOffset(ms, zone);
  if (interval === "15min") return fromWall(wall - (wall % (15 * MINUTE)), zone);
  if (interval === "hour") return fromWall(wall - (wall % (60 * MINUTE)), zone);
  const day = wall - (wall % DAY);
  if (interval === "day") return fromWall(day, zone);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return fromWall(day - weekday * DAY, zone);
}

/** "2026-12-07" or "2026-12-07 14:15" on the zone's wall clock. */
export function wallLabel(ms: number, zone: string, withTime: boolean): string {
  const iso = new Date(ms + zoneOffset(ms, zone)).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
