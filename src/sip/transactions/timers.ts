/** The base timer values of RFC 3261 §17.1.1.1 and Table 4, in milliseconds; T1 may be raised for slow links. */
export type TimerSettings = { readonly T1: number; readonly T2: number; readonly T4: number };

export const DEFAULT_TIMER_SETTINGS: TimerSettings = { T1: 500, T2: 4_000, T4: 5_000 };

/** RFC 3261 Table 4 plus Timers L and M of RFC 6026, and the 2xx retransmission of §13.3.1.4. */
export type TimerName =
  | "TIMER_A"
  | "TIMER_B"
  | "TIMER_D"
  | "TIMER_E"
  | "TIMER_F"
  | "TIMER_G"
  | "TIMER_H"
  | "TIMER_I"
  | "TIMER_J"
  | "TIMER_K"
  | "TIMER_L"
  | "TIMER_M"
  | "RETRANSMIT_2XX";

/** Timers that run once; on a reliable transport the wait-for-stragglers timers are zero. */
export type OneShotTimer = "TIMER_B" | "TIMER_D" | "TIMER_F" | "TIMER_H" | "TIMER_I" | "TIMER_J" | "TIMER_K" | "TIMER_L" | "TIMER_M";

/** Timer D must be at least 32 s on unreliable transports, whatever T1 is (§17.1.1.2). */
const TIMER_D_UNRELIABLE = 32_000;

export function oneShotDuration(name: OneShotTimer, s: TimerSettings, reliable: boolean): number {
  switch (name) {
    case "TIMER_B":
    case "TIMER_F":
    case "TIMER_H":
    case "TIMER_L":
    case "TIMER_M":
      return 64 * s.T1;
    case "TIMER_J":
      return reliable ? 0 : 64 * s.T1;
    case "TIMER_D":
      return reliable ? 0 : Math.max(TIMER_D_UNRELIABLE, 64 * s.T1);
    case "TIMER_I":
    case "TIMER_K":
      return reliable ? 0 : s.T4;
  }
}

/**
 * The next retransmission interval: T1 first, then doubling; capped at T2 except for Timer A (§17.1.1.2),
 * which doubles until Timer B ends the transaction.
 */
export function nextInterval(name: TimerName, previous: number | undefined, s: TimerSettings): number {
  if (previous === undefined) return s.T1;
  return name === "TIMER_A" ? previous * 2 : Math.min(previous * 2, s.T2);
}
