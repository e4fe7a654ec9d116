import { Conflict } from "../shared/index.ts";

/**
 * A trunk call's life on the appliance's side (FEATURES V2, V3, V4): answered and queued with music, or
 * dialled by an agent and ringing at the far end; connected to an agent's phone, held, ended. Mute is a flag of the connected call, not a state of its own.
 */
export type CallState = "dialing" | "queued" | "connected" | "held" | "ended";
export type CallEvent = "answer" | "hold" | "resume" | "requeue" | "hang_up";

const TABLE: Record<CallState, Partial<Record<CallEvent, CallState>>> = {
  dialing: { answer: "connected", hang_up: "ended" },
  queued: { answer: "connected", hang_up: "ended" },
  // A transfer answers again: the call moves to the next agent's phone.
  // A transfer to a department queues the call again, with music.
  connected: { answer: "connected", hold: "held", requeue: "queued", hang_up: "ended" },
  held: { answer: "connected", resume: "connected", requeue: "queued", hang_up: "ended" },
  ended: {},
};

const REFUSALS: Record<CallEvent, string> = {
  answer: "This call can no longer be answered.",
  hold: "Only a connected call can be put on hold.",
  resume: "This call is not on hold.",
  requeue: "Only a call in progress can be transferred.",
  hang_up: "This call has already ended.",
};

/** The state after `event`, or Conflict (409) when the table does not allow it now. */
export function nextCallState(state: CallState, event: CallEvent): CallState {
  const next = TABLE[state][event];
  if (!next) throw new Conflict(REFUSALS[event]);
  return next;
}
