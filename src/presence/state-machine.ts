import { Conflict } from "../shared/index.ts";
import type { AgentState } from "./schema.ts";

/** What happened to an agent: their own choice, or something the routing engine observed. */
export type PresenceEvent =
  | { type: "login"; notReady: boolean }
  | { type: "choose_ready" }
  | { type: "choose_not_ready"; reason: string }
  | { type: "logout" }
  | { type: "work_started" }
  /** The agent's last open interaction ended; wrapUp when it came in through a queue (FEATURES R4). */
  | { type: "work_ended"; wrapUp: boolean }
  | { type: "wrap_up_ended" }
  | { type: "missed" }
  | { type: "away" };

export type PresenceSnapshot = { state: AgentState; reason: string | null; inWrapUp: boolean; hasWork: boolean };
/** The next state; `wrapUp` says whether the wrap-up timer starts, stops or stays as it is. */
export type PresenceNext = { state: AgentState; reason: string | null; wrapUp: "start" | "stop" | "keep" };

export class IllegalTransition extends Conflict {}

type Rule = (s: PresenceSnapshot, e: PresenceEvent) => PresenceNext;
type Table = Record<AgentState, Partial<Record<PresenceEvent["type"], Rule | string>>>;

const MISSED = "Missed";
const AWAY = "Away (connection lost)";
const to =
  (state: AgentState, wrapUp: PresenceNext["wrapUp"] = "keep"): Rule =>
  (s) => ({ state, reason: state === "ready" || state === "busy" || state === "logged_out" ? null : s.reason, wrapUp });
const toWithReason =
  (state: AgentState, reason: string | ((e: PresenceEvent) => string), wrapUp: PresenceNext["wrapUp"] = "keep"): Rule =>
  (_s, e) => ({ state, reason: typeof reason === "string" ? reason : reason(e), wrapUp });
const chosenReason = (e: PresenceEvent) => (e.type === "choose_not_ready" ? e.reason : "");

const BUSY_LOGOUT = "Finish your open work before signing out.";
const WRAP_ONLY_NOT_READY = "During wrap-up only Not Ready can be chosen.";

/**
 * The agent state machine of FEATURES C2. A string entry is a refusal with its reason;
 * a missing entry is refused with a generic message.
 */
const TABLE: Table = {
  logged_out: {
    login: (_s, e) =>
      e.type === "login" && e.notReady
        ? { state: "not_ready", reason: "Signed in", wrapUp: "stop" }
        : { state: "ready", reason: null, wrapUp: "stop" },
    logout: to("logged_out"),
  },
  ready: {
    login: to("ready"),
    choose_ready: to("ready"),
    choose_not_ready: toWithReason("not_ready", chosenReason),
    logout: to("logged_out", "stop"),
    work_started: to("busy"),
    missed: toWithReason("not_ready", MISSED),
    away: toWithReason("not_ready", AWAY),
  },
  not_ready: {
    login: to("not_ready"),
    choose_ready: to("ready"),
    choose_not_ready: toWithReason("not_ready", chosenReason),
    logout: to("logged_out", "stop"),
    // Direct interactions ring Not Ready agents (R5); they return to Not Ready afterwards.
    work_started: to("pending_not_ready"),
    missed: to("not_ready"),
    away: to("not_ready"),
  },
  busy: {
    login: to("busy"),
    choose_ready: "You are handling work; you become Ready when it ends.",
    choose_not_ready: toWithReason("pending_not_ready", chosenReason),
    logout: BUSY_LOGOUT,
    work_started: to("busy"),
    work_ended: (_s, e) =>
      e.type === "work_ended" && e.wrapUp
        ? { state: "wrap_up", reason: null, wrapUp: "start" }
        : { state: "ready", reason: null, wrapUp: "stop" },
    missed: toWithReason("pending_not_ready", MISSED),
    away: toWithReason("pending_not_ready", AWAY),
  },
  wrap_up: {
    login: to("wrap_up"),
    choose_ready: WRAP_ONLY_NOT_READY,
    choose_not_ready: toWithReason("pending_not_ready", chosenReason),
    logout: WRAP_ONLY_NOT_READY,
    work_started: to("busy", "stop"),
    wrap_up_ended: to("ready", "stop"),
    missed: toWithReason("pending_not_ready", MISSED),
    away: toWithReason("pending_not_ready", AWAY),
  },
  pending_not_ready: {
    login: to("pending_not_ready"),
    // Cancels the pending request: back to the work (or wrap-up) in progress.
    choose_ready: (s) => ({ state: s.inWrapUp && !s.hasWork ? "wrap_up" : "busy", reason: null, wrapUp: "keep" }),
    choose_not_ready: toWithReason("pending_not_ready", chosenReason),
    logout: BUSY_LOGOUT,
    work_started: to("pending_not_ready"),
    work_ended: (s, e) =>
      e.type === "work_ended" && e.wrapUp
        ? { state: "pending_not_ready", reason: s.reason, wrapUp: "start" }
        : { state: "not_ready", reason: s.reason, wrapUp: "stop" },
    wrap_up_ended: (s) =>
      s.hasWork
        ? { state: "pending_not_ready", reason: s.reason, wrapUp: "stop" }
        : { state: "not_ready", reason: s.reason, wrapUp: "stop" },
    missed: to("pending_not_ready"),
    away: to("pending_not_ready"),
  },
};

/** Applies one event, or throws IllegalTransition with a message a person understands. */
export function transition(s: PresenceSnapshot, e: PresenceEvent): PresenceNext {
  const rule = TABLE[s.state][e.type];
  if (typeof rule === "string") throw new IllegalTransition(rule);
  if (!rule) throw new IllegalTransition(`That is not possible while ${STATE_LABELS[s.state]}.`);
  if (e.type === "choose_not_ready" && !e.reason.trim()) throw new IllegalTransition("Choose a Not Ready reason.");
  return rule(s, e);
}

export function isLegal(s: PresenceSnapshot, type: PresenceEvent["type"]): boolean {
  return typeof TABLE[s.state][type] === "function";
}

/** The state choices to offer the agent now (the console renders exactly these). */
export function legalChoices(s: PresenceSnapshot): ("ready" | "not_ready" | "logout")[] {
  const out: ("ready" | "not_ready" | "logout")[] = [];
  if (s.state !== "ready" && s.state !== "logged_out" && isLegal(s, "choose_ready")) out.push("ready");
  if (isLegal(s, "choose_not_ready")) out.push("not_ready");
  if (s.state !== "logged_out" && isLegal(s, "logout")) out.push("logout");
  return out;
}

export const STATE_LABELS: Record<AgentState, string> = {
  logged_out: "Logged out",
  ready: "Ready",
  not_ready: "Not Ready",
  busy: "Busy",
  wrap_up: "Wrap-up",
  pending_not_ready: "Pending Not Ready",
};
