import type { Clock, TimerHandle } from "./clock.ts";
import type { Logger } from "./log.ts";

/**
 * Runs `job` now and then every `everyMs` on the clock until the returned stop is called. A job that throws is
 * logged and tried again at its next turn, so one bad run does not end the housekeeping.
 */
export function startPeriodic(deps: { clock: Clock; log: Logger }, everyMs: number, name: string, job: () => void): () => void {
  let timer: TimerHandle | null = null;
  let stopped = false;
  const run = () => {
    try {
      job();
    } catch (err) {
      deps.log.error(`${name} failed`, { err });
    }
    if (!stopped) timer = deps.clock.setTimeout(run, everyMs);
  };
  run();
  return () => {
    stopped = true;
    if (timer) deps.clock.clearTimeout(timer);
  };
}
