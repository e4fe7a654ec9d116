import type { Db } from "../db/index.ts";
import { trunkStatus } from "./status.ts";
import { getTrunk } from "./trunk-config.ts";

/** The `doctor` line for the trunk: what was configured and what the serving process last reported. */
export function trunkCheck(db: Db, now: number): { ok: boolean; warnOnly: boolean; detail: string } {
  const status = trunkStatus(db, now);
  const t = getTrunk(db);
  const provider = `${t.host}:${t.port} over ${t.transport}`;
  const time = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());
  switch (status.state) {
    case "not_configured":
      return { ok: false, warnOnly: true, detail: "not configured" };
    case "disabled":
      return { ok: false, warnOnly: true, detail: `${provider} is switched off` };
    case "ip":
      return { ok: true, warnOnly: false, detail: `${provider}, IP-based authentication; calls accepted from ${status.detail}` };
    case "sip_off":
      return { ok: false, warnOnly: true, detail: `${provider}: no registration reported yet (is the appliance running?)` };
    case "registered":
      return { ok: true, warnOnly: false, detail: `registered with ${provider} until ${time(status.until)}` };
    case "registering":
      return { ok: false, warnOnly: true, detail: `registering with ${provider} since ${time(status.at)}` };
    case "stopped":
      return { ok: false, warnOnly: true, detail: `not registered with ${provider}: the appliance stopped at ${time(status.at)}` };
    case "failing":
      return { ok: false, warnOnly: false, detail: `registration with ${provider} failing since ${time(status.at)}: ${status.detail}` };
  }
}
