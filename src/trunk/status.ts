import type { Db } from "../db/index.ts";
import type { RegistrationReport } from "./registration.ts";
import { getTrunk, isConfigured } from "./trunk-config.ts";
import { readStoredStatus, type StoredStatus, writeStoredStatus } from "./trunk-store.ts";

/**
 * What the admin page, /metrics and doctor say about the trunk:
 * - not_configured: no provider host saved; disabled: switched off;
 * - ip: IP-based authentication, nothing to register;
 * - sip_off: registration is wanted but no serving process has reported (SIP not running);
 * - registering, registered (until = expiry), failing (detail = last error, until = next attempt), stopped.
 */
export type TrunkState = "not_configured" | "disabled" | "ip" | "sip_off" | "registering" | "registered" | "failing" | "stopped";
export type TrunkStatus = {
  readonly state: TrunkState;
  readonly detail: string;
  readonly at: number | null;
  readonly until: number | null;
};

const REPORTED: ReadonlySet<string> = new Set(["registering", "registered", "failing", "stopped"]);

export function trunkStatus(db: Db, now: number): TrunkStatus {
  const trunk = getTrunk(db);
  const plain = (state: TrunkState, detail = ""): TrunkStatus => ({ state, detail, at: null, until: null });
  if (!isConfigured(trunk)) return plain("not_configured");
  if (!trunk.enabled) return plain("disabled");
  if (trunk.authMode === "ip") return plain("ip", trunk.allowList.join(", "));
  const stored = readStoredStatus(db);
  if (!stored || !REPORTED.has(stored.state)) return plain("sip_off");
  const status = stored as TrunkStatus;
  // A registration nobody renewed has lapsed, whatever was written last (a process killed, for one).
  if (status.state === "registered" && status.until !== null && status.until <= now)
    return { state: "failing", detail: "the registration ran out without being renewed", at: status.until, until: null };
  return status;
}

/** Keeps a registration report where the page and doctor read it. */
export function storeReport(db: Db, report: RegistrationReport): void {
  const stored: StoredStatus =
    report.state === "registered"
      ? { state: report.state, detail: "", at: report.at, until: report.until }
      : report.state === "failing"
        ? { state: report.state, detail: report.error, at: report.at, until: report.retryAt }
        : { state: report.state, detail: "", at: report.at, until: null };
  writeStoredStatus(db, stored);
}
