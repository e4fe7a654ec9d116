import type { RecentCall } from "../../../views/console/recent-calls.tsx";
import { failureMessage } from "../../calls/index.ts";
import { lastCallsOf } from "../../routing/index.ts";
import { getSettings } from "../../settings/index.ts";
import { formatClock } from "../../shared/index.ts";
import { type ConsoleUser, type ModelDeps, revealer } from "../console-model.ts";

export const RECENT_CALLS = 5;

const DIRECTION_LABELS: Record<string, string> = { inbound: "Incoming", outbound: "Outgoing", internal: "Colleague" };

/** The agent's last calls (FEATURES V3 click-to-dial): who, when, how it ended; numbers masked as everywhere else. */
export function recentCalls(deps: ModelDeps, user: ConsoleUser): RecentCall[] {
  const reveal = revealer(deps, user);
  const rows = lastCallsOf(deps.db, user.id, RECENT_CALLS);
  const zone = getSettings(deps.db).timeZone;
  return rows.map((i) => ({
    id: i.id,
    name: i.customerName && i.customerName !== i.customerAddress ? i.customerName : "",
    address: reveal(i.customerAddress),
    direction: DIRECTION_LABELS[i.direction] ?? i.direction,
    agoMs: deps.clock.now() - i.createdAt,
    time: formatClock(i.createdAt, zone),
    outcome: failureMessage(i.endReason ?? "") ?? "",
    callable: /^\+?[0-9][0-9\s\-.()]*$/.test(i.customerAddress),
  }));
}
