import type { BusinessHours } from "./defaults.ts";
import { weekdayAndMinute } from "../shared/index.ts";

/** Whether the moment falls in the business hours of its weekday in the center's time zone; always true when hours are off. */
export function withinBusinessHours(hours: BusinessHours, at: number, zone: string): boolean {
  if (!hours.enabled) return true;
  const { weekday, minute } = weekdayAndMinute(at, zone);
  const span = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(hours.days[weekday] ?? "");
  if (!span) return false;
  const [, h1, m1, h2, m2] = span.map(Number) as number[];
  return minute >= h1! * 60 + m1! && minute < h2! * 60 + m2!;
}
