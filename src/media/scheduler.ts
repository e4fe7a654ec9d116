import { type Logger, silentLogger } from "../shared/index.ts";

/** A repeating job (media pacing, RTCP reports); stopping it is final. */
export interface Ticker {
  stop(): void;
  readonly stopped: boolean;
}

/**
 * Real-time pacing for media. This is not the domain `Clock`: packets follow a monotonic timer, and tests
 * drive `ManualScheduler` instead of sleeping.
 */
export interface MediaScheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `tick` every `periodMs` until stopped; a tick that throws is stopped and logged. */
  every(periodMs: number, tick: () => void): Ticker;
}

type Job = { readonly tick: () => void; stopped: boolean };

/** Most beats made up for in one go after the event loop stalled; beyond it the jobs skip ahead instead of bursting. */
const MAX_CATCH_UP = 3;

/**
 * One timer per period shared by all jobs of that period (a hundred calls' hold music is one timer), paced
 * against `performance.now()` so the period does not drift. The timer stops when its last job stops.
 */
export class RealtimeScheduler implements MediaScheduler {
  readonly #groups = new Map<number, Set<Job>>();
  #jobs = 0;
  #skipped = 0;

  constructor(
    private readonly maxJobs = 20_000,
    private readonly log: Logger = silentLogger,
  ) {}

  now(): number {
    return performance.now();
  }

  /** Beats dropped because the process fell more than a few periods behind. */
  get skipped(): number {
    return this.#skipped;
  }

  every(periodMs: number, tick: () => void): Ticker {
    if (!(periodMs >= 1)) throw new RangeError("a media period is at least 1 ms");
    if (this.#jobs >= this.maxJobs) throw new RangeError(`more than ${this.maxJobs} media jobs`);
    const job: Job = { tick, stopped: false };
    let group = this.#groups.get(periodMs);
    if (!group) {
      group = new Set();
      this.#groups.set(periodMs, group);
      this.run(periodMs, group, this.now() + periodMs);
    }
    group.add(job);
    this.#jobs++;
    return {
      stop: () => {
        if (job.stopped) return;
        job.stopped = true;
        if (group.delete(job)) this.#jobs--;
      },
      get stopped() {
        return job.stopped;
      },
    };
  }

  private run(periodMs: number, group: Set<Job>, dueAt: number): void {
    setTimeout(
      () => {
        let due = dueAt;
        let beats = Math.floor((this.now() - due) / periodMs) + 1;
        if (beats > MAX_CATCH_UP) {
          this.#skipped += beats - 1;
          due += (beats - 1) * periodMs;
          beats = 1;
        }
        for (let i = 0; i < beats; i++) for (const job of group) this.fire(job, group);
        if (group.size === 0) {
          this.#groups.delete(periodMs);
          return;
        }
        this.run(periodMs, group, due + beats * periodMs);
      },
      Math.max(0, dueAt - this.now()),
    );
  }

  private fire(job: Job, group: Set<Job>): void {
    if (job.stopped) return;
    try {
      job.tick();
    } catch (error) {
      job.stopped = true;
      if (group.delete(job)) this.#jobs--;
      this.log.error("media job failed and was stopped", { error });
    }
  }
}

/** A scheduler that moves only when a test says so; jobs fire in due order. */
export class ManualScheduler implements MediaScheduler {
  #now = 0;
  readonly #jobs = new Set<{ period: number; next: number; tick: () => void; stopped: boolean }>();

  now(): number {
    return this.#now;
  }

  every(periodMs: number, tick: () => void): Ticker {
    const job = { period: periodMs, next: this.#now + periodMs, tick, stopped: false };
    this.#jobs.add(job);
    return {
      stop: () => {
        job.stopped = true;
        this.#jobs.delete(job);
      },
      get stopped() {
        return job.stopped;
      },
    };
  }

  get activeJobs(): number {
    return this.#jobs.size;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const job = [...this.#jobs].filter((j) => j.next <= target).sort((a, b) => a.next - b.next)[0];
      if (!job) break;
      this.#now = job.next;
      job.next += job.period;
      job.tick();
    }
    this.#now = target;
  }
}
