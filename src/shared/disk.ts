import { statfsSync } from "node:fs";
import type { Clock } from "./clock.ts";
import type { Logger } from "./log.ts";

/** What visitors and agents read when a write failed for want of disk space. */
export const DISK_FULL_MESSAGE =
  "The server's disk is full, so nothing new can be saved right now. The administrators have been alerted; please try again later.";

/** A write failure seen this recently keeps /healthz and the admin banner red, even after some space came back. */
export const DISK_FULL_RECENT_MS = 60_000;
const LOG_EVERY_MS = 60_000;
const MB = 1024 * 1024;

/** Free bytes for an unprivileged writer on the disk holding `dir`. */
export function freeDiskBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Whether an error (or one it wraps) is SQLite's "database or disk is full" or the system's ENOSPC. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "SQLITE_FULL" || code === "ENOSPC") return true;
    if (/database or disk is full|no space left on device/i.test(String((e as { message?: unknown }).message ?? ""))) return true;
  }
  return false;
}

export type DiskStatus = { ok: true; freeMb: number } | { ok: false; freeMb: number; reason: string };

/**
 * Watches the disk of the data folder (FEATURES Q6): error handlers report failed writes here, which logs an
 * error line (at most once a minute) and turns /healthz and the admin banner red; so does free space below
 * the floor kept.
 */
export class DiskAlarm {
  private lastFullAt: number | null = null;
  private lastLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: { dir: string; minFreeBytes: number; clock: Clock; log: Logger }) {}

  /** A write failed because the disk is full. */
  noteFull(err: unknown, where: string): void {
    const now = this.opts.clock.now();
    this.lastFullAt = now;
    if (now - this.lastLoggedAt < LOG_EVERY_MS) return;
    this.lastLoggedAt = now;
    this.opts.log.error("disk full: writes fail; free space in the data folder", { where, freeMb: this.freeMb(), err });
  }

  status(): DiskStatus {
    const freeMb = this.freeMb();
    const now = this.opts.clock.now();
    if (this.lastFullAt !== null && now - this.lastFullAt < DISK_FULL_RECENT_MS)
      return {
        ok: false,
        freeMb,
        reason: `the disk is full: writes failed ${Math.ceil((now - this.lastFullAt) / 1000)} s ago (${freeMb} MB free)`,
      };
    const floorMb = Math.round(this.opts.minFreeBytes / MB);
    if (freeMb * MB < this.opts.minFreeBytes)
      return { ok: false, freeMb, reason: `the disk is nearly full: ${freeMb} MB free, below the ${floorMb} MB kept free` };
    return { ok: true, freeMb };
  }

  private freeMb(): number {
    try {
      return Math.floor(freeDiskBytes(this.opts.dir) / MB);
    } catch {
      return 0;
    }
  }
}
