import { OffersPopup } from "../../views/console/offers-popup.tsx";
import { RECENT_CALLS_EVENT, RecentCalls } from "../../views/console/recent-calls.tsx";
import { StatePanel } from "../../views/console/state-panel.tsx";
import { WorkTabs } from "../../views/console/work-tabs.tsx";
import type { SseMessage } from "../shared/index.ts";
import { type ConsoleUser, type ModelDeps, offersView, stateView, workView } from "./console-model.ts";
import { recentCalls } from "./voice/recent-calls.ts";

/*
 * The console's fragments as server-sent events. These are the same components the page renders;
 * csrf is null for pushes to every browser of a user (htmx sends each browser's token in a header).
 */
export function stateEvent(deps: ModelDeps, userId: string, csrf: string | null = null): SseMessage {
  return { event: "state", data: String(<StatePanel view={stateView(deps, userId)} csrf={csrf} />) };
}

export function offersEvent(deps: ModelDeps, user: ConsoleUser, csrf: string | null = null): SseMessage {
  return { event: "offers", data: String(<OffersPopup view={offersView(deps, user)} csrf={csrf} />) };
}

export function workEvent(deps: ModelDeps, user: ConsoleUser, csrf: string | null = null): SseMessage {
  return { event: "work", data: String(<WorkTabs items={workView(deps, user)} csrf={csrf} />) };
}

export function recentCallsEvent(deps: ModelDeps, user: ConsoleUser, csrf: string | null = null): SseMessage {
  return { event: RECENT_CALLS_EVENT, data: String(<RecentCalls calls={recentCalls(deps, user)} csrf={csrf} />) };
}

/** A short message for the agent's #flash area (FEATURES W4: "Transfer successful", or why not). */
export function flashEvent(text: string, kind: "ok" | "error"): SseMessage {
  return { event: "flash", data: JSON.stringify({ kind, text }) };
}

/** Everything the console shows, sent first on every (re)connect so a reloaded page rebuilds itself (C6). */
export function consoleSnapshot(deps: ModelDeps, user: ConsoleUser, csrf: string): SseMessage[] {
  return [stateEvent(deps, user.id, csrf), offersEvent(deps, user, csrf), workEvent(deps, user, csrf), recentCallsEvent(deps, user, csrf)];
}
