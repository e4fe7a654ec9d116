import type { BusinessHours } from "./defaults.ts";

/** Whether the moment falls in the business hours of its weekday (appliance local time); always true when hours are off. */
export function withinBusinessHours(hours: BusinessHours, at: number): boolean {
  if (!hours.enabled) return true;
  const d = new Date(at);
  const span = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(hours.days[d.getDay()] ?? "");
  if (!span) return false;
  const [, h1, m1, h2, m2] = span.map(Number) as number[];
  const minute = d.getHours() * 60 + d.getMinutes();
  return minute >= h1! * 60 + m1! && minute < h2! * 60 + m2!;
}
