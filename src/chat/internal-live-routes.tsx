// Named "-routes" because it renders views, which the import rules allow to route files only.
import { ColleagueRowContent, ColleagueRows, UnreadTotalBadge } from "../../views/console/colleagues.tsx";
import { InternalMessageItem } from "../../views/console/internal-chat.tsx";
import type { AppDeps } from "../deps.ts";
import { getSettings } from "../settings/index.ts";
import { formatClock, type SseMessage } from "../shared/index.ts";
import { colleagueAsSeenBy, colleaguesOf } from "./colleagues.ts";
import { colleagueIdsOf, findColleague } from "./colleagues-scope.ts";
import type { InternalMessage } from "./internal.ts";

type LiveDeps = Pick<AppDeps, "db" | "bus" | "hub">;

const topicOf = (userId: string) => `user:${userId}`;

/**
 * What the colleagues panel of one user shows now, as the pushes that rebuild it: the list and the unread total.
 * Also the snapshot the events endpoint may send on (re)connect.
 */
export function colleaguesSnapshot(deps: Pick<AppDeps, "db">, userId: string): SseMessage[] {
  const colleagues = colleaguesOf(deps.db, userId);
  const total = colleagues.reduce((sum, c) => sum + c.unread, 0);
  return [
    { event: "colleagues", data: String(<ColleagueRows colleagues={colleagues} />) },
    { event: "internal-unread", data: String(<UnreadTotalBadge total={total} />) },
  ];
}

/** Pushes a fresh panel to a user, only when they have a connected page (nobody else would see it). */
function refreshPanel(deps: LiveDeps, userId: string): void {
  const topic = topicOf(userId);
  if (deps.hub.count(topic) === 0) return;
  for (const message of colleaguesSnapshot(deps, userId)) deps.hub.publish(topic, message);
}

/**
 * A state change alters one row of each colleague's list: that row alone is pushed, rendered once per distinct
 * unread count (rendering every viewer's whole list on every change cost O(colleagues²) per change).
 */
function pushRow(deps: LiveDeps, userId: string): void {
  const viewers = colleagueIdsOf(deps.db, userId).filter((id) => deps.hub.count(topicOf(id)) > 0);
  const seen = viewers.length ? colleagueAsSeenBy(deps.db, userId, viewers) : null;
  if (!seen) return;
  const rendered = new Map<number, string>();
  for (const viewer of viewers) {
    const unread = seen.unread.get(viewer) ?? 0;
    const data = rendered.get(unread) ?? String(<ColleagueRowContent colleague={{ ...seen.row, unread }} />);
    rendered.set(unread, data);
    deps.hub.publish(topicOf(viewer), { event: `colleague-${userId}`, data });
  }
}

function pushMessage(deps: LiveDeps, m: InternalMessage): void {
  const topic = topicOf(m.toId);
  if (deps.hub.count(topic) === 0) return;
  const sender = findColleague(deps.db, m.toId, m.fromId);
  if (!sender) return;
  const item = (
    <InternalMessageItem
      message={{ id: m.id, body: m.body, at: m.createdAt, time: formatClock(m.createdAt, getSettings(deps.db).timeZone), mine: false }}
      peerName={sender.fullName}
      markReadUrl={`/console/internal/${m.fromId}/read`}
    />
  );
  deps.hub.publish(topic, { event: `internal-${m.fromId}`, data: String(item) });
  refreshPanel(deps, m.toId);
}

/**
 * Keeps colleagues panels live: a state change refreshes that user's row in each colleague's list;
 * a new message goes to the receiver's open conversation with that sender, with the new unread counts;
 * reading refreshes the reader's counts in their other pages. Returns a function that detaches it.
 */
export function attachInternalChatLive(deps: LiveDeps): () => void {
  const offs = [
    deps.bus.subscribe("agent.state_changed", (p) => pushRow(deps, p.userId)),
    deps.bus.subscribe("internal_message.created", (p) => pushMessage(deps, p)),
    deps.bus.subscribe("internal_message.read", (p) => refreshPanel(deps, p.readerId)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
