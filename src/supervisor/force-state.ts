import { type Actor, recordAudit } from "../audit/index.ts";
import { transaction, type Db } from "../db/index.ts";
import type { Routing } from "../routing/index.ts";
import { IllegalTransition, type PresenceEvent, type PresenceService, STATE_LABELS, transition } from "../presence/index.ts";
import { Conflict, ValidationError } from "../shared/index.ts";
import { loadAgentRows, type StateChoice, snapshotOf } from "./agent-rows.ts";
import { assertAgentInScope, type Viewer } from "./scope.ts";

export const STATE_CHOICES = ["ready", "not_ready", "logout"] as const satisfies readonly StateChoice[];

export type ForceInput = { agentId: string; to: StateChoice; reason: string };
/** The admin's Not Ready reasons; when the admin listed none, one neutral reason keeps Not Ready possible. */
export function notReadyReasons(list: string[]): string[] {
  return list.length ? list : ["Set by supervisor"];
}

type Services = { db: Db; presence: PresenceService; now: number };

/**
 * A supervisor (or admin) changes an agent's state (FEATURES S3): only an agent of their teams, only a change
 * legal now (IllegalTransition → 409), with an admin-listed reason for Not Ready. The change and its audit row
 * commit together; the agent's console follows through `agent.state_changed`.
 */
export function forceAgentState(s: Services, viewer: Viewer & { name: string }, input: ForceInput, reasons: string[]) {
  assertAgentInScope(s.db, viewer, input.agentId);
  if (input.to === "not_ready" && !reasons.includes(input.reason))
    throw new ValidationError("Choose a Not Ready reason from the list.", { reason: "Choose a reason from the list" });
  const row = loadAgentRows(s.db, [input.agentId], reasons).get(input.agentId);
  if (!row) throw new IllegalTransition("That agent no longer exists.");
  const event: PresenceEvent =
    input.to === "ready"
      ? { type: "choose_ready" }
      : input.to === "logout"
        ? { type: "logout" }
        : { type: "choose_not_ready", reason: input.reason };
  if (!row.choices.includes(input.to)) {
    // The state machine's own words when it refuses; otherwise the move would change nothing.
    transition(snapshotOf(s.presence.get(input.agentId), row.work), event);
    throw new IllegalTransition(`${row.fullName} is already ${STATE_LABELS[row.state]}.`);
  }
  const actor: Actor = { id: viewer.id, name: viewer.name };
  return transaction(s.db, (tx) => {
    const change = s.presence.apply(input.agentId, event);
    const detail = { agent: row.fullName, from: change.from, to: change.to, reason: change.reason };
    recordAudit(tx, actor, "agent.state_forced", { type: "user", id: input.agentId }, detail, s.now);
    return change;
  });
}

/**
 * A supervisor (or admin) ends an agent's wrap-up from the live view: only an agent of their teams, only while
 * they are in wrap-up with no work in progress. The forms they still owe close without a disposition; the
 * change and its audit row commit together.
 */
export function endAgentWrapUp(s: { db: Db; routing: Routing; now: number }, viewer: Viewer & { name: string }, agentId: string) {
  assertAgentInScope(s.db, viewer, agentId);
  const row = loadAgentRows(s.db, [agentId], []).get(agentId);
  if (!row?.canEndWrapUp) throw new Conflict(`${row?.fullName ?? "That agent"} is not in wrap-up.`);
  transaction(s.db, (tx) => {
    const closedForms = s.routing.endWrapUp(agentId);
    recordAudit(
      tx,
      { id: viewer.id, name: viewer.name },
      "agent.wrap_up_ended",
      { type: "user", id: agentId },
      { agent: row.fullName, closedForms },
      s.now,
    );
  });
}
