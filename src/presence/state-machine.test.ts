import { describe, expect, test } from "bun:test";
import type { AgentState } from "./schema.ts";
import { IllegalTransition, legalChoices, type PresenceEvent, transition } from "./state-machine.ts";

const snap = (state: AgentState, extra: Partial<{ reason: string | null; inWrapUp: boolean; hasWork: boolean }> = {}) => ({
  state,
  reason: null,
  inWrapUp: false,
  hasWork: false,
  ...extra,
});
const NR: PresenceEvent = { type: "choose_not_ready", reason: "Lunch" };

describe("agent state machine (FEATURES C2)", () => {
  const legal: [AgentState, PresenceEvent, AgentState, string | null][] = [
    ["logged_out", { type: "login", notReady: false }, "ready", null],
    ["logged_out", { type: "login", notReady: true }, "not_ready", "Signed in"],
    ["ready", NR, "not_ready", "Lunch"],
    ["ready", { type: "work_started" }, "busy", null],
    ["ready", { type: "missed" }, "not_ready", "Missed"],
    ["ready", { type: "away" }, "not_ready", "Away (connection lost)"],
    ["ready", { type: "logout" }, "logged_out", null],
    ["not_ready", { type: "choose_ready" }, "ready", null],
    ["not_ready", { type: "work_started" }, "pending_not_ready", "Lunch"],
    ["not_ready", { type: "logout" }, "logged_out", null],
    ["busy", NR, "pending_not_ready", "Lunch"],
    ["busy", { type: "work_ended", wrapUp: true }, "wrap_up", null],
    ["busy", { type: "work_ended", wrapUp: false }, "ready", null],
    ["busy", { type: "missed" }, "pending_not_ready", "Missed"],
    ["wrap_up", { type: "wrap_up_ended" }, "ready", null],
    ["wrap_up", NR, "pending_not_ready", "Lunch"],
    ["pending_not_ready", { type: "work_ended", wrapUp: false }, "not_ready", "Lunch"],
    ["pending_not_ready", { type: "wrap_up_ended" }, "not_ready", "Lunch"],
  ];
  for (const [from, event, to, reason] of legal) {
    test(`${from} --${event.type}--> ${to}`, () => {
      const next = transition(snap(from, { reason: from === "not_ready" || from === "pending_not_ready" ? "Lunch" : null }), event);
      expect(next.state).toBe(to);
      expect(next.reason).toBe(reason);
    });
  }

  test("wrap-up starts its timer only when the ended work came through a queue", () => {
    expect(transition(snap("busy"), { type: "work_ended", wrapUp: true }).wrapUp).toBe("start");
    expect(transition(snap("busy"), { type: "work_ended", wrapUp: false }).wrapUp).toBe("stop");
  });

  test("pending Not Ready with wrap-up keeps the wrap-up and then becomes Not Ready", () => {
    const pending = transition(snap("pending_not_ready", { reason: "Lunch" }), { type: "work_ended", wrapUp: true });
    expect(pending).toEqual({ state: "pending_not_ready", reason: "Lunch", wrapUp: "start" });
  });

  test("choosing Ready while pending cancels it and returns to the work in progress", () => {
    expect(transition(snap("pending_not_ready", { hasWork: true }), { type: "choose_ready" }).state).toBe("busy");
    expect(transition(snap("pending_not_ready", { inWrapUp: true }), { type: "choose_ready" }).state).toBe("wrap_up");
  });

  const illegal: [AgentState, PresenceEvent, RegExp][] = [
    ["wrap_up", { type: "choose_ready" }, /only Not Ready/],
    ["wrap_up", { type: "logout" }, /only Not Ready/],
    ["busy", { type: "logout" }, /Finish your open work/],
    ["busy", { type: "choose_ready" }, /handling work/],
    ["pending_not_ready", { type: "logout" }, /Finish your open work/],
    ["logged_out", { type: "choose_ready" }, /not possible while Logged out/],
    ["logged_out", { type: "work_started" }, /not possible/],
    ["ready", { type: "wrap_up_ended" }, /not possible while Ready/],
    ["ready", { type: "choose_not_ready", reason: "  " }, /Choose a Not Ready reason/],
  ];
  for (const [from, event, message] of illegal) {
    test(`${from} refuses ${event.type}`, () => {
      expect(() => transition(snap(from), event)).toThrow(IllegalTransition);
      expect(() => transition(snap(from), event)).toThrow(message);
    });
  }

  test("the console offers exactly the legal choices", () => {
    expect(legalChoices(snap("ready"))).toEqual(["not_ready", "logout"]);
    expect(legalChoices(snap("not_ready"))).toEqual(["ready", "not_ready", "logout"]);
    expect(legalChoices(snap("busy"))).toEqual(["not_ready"]);
    expect(legalChoices(snap("wrap_up"))).toEqual(["not_ready"]);
    expect(legalChoices(snap("pending_not_ready"))).toEqual(["ready", "not_ready"]);
  });
});
