import type { DtmfDigit, MediaLeg } from "../media/index.ts";
import type { CallState } from "./call-state.ts";
import type { Call } from "./call.ts";

/** An agent's browser phone as the call layer sees it: a media leg with the phone's state. */
export type AgentPhoneLeg = MediaLeg & {
  readonly state: "connecting" | "ready" | "away" | "off";
  /** Follows the phone's state; returns the unsubscribe. */
  onStateChange?(listener: (state: "connecting" | "ready" | "away" | "off") => void): () => void;
};
export type PhoneLookup = (agentId: string) => AgentPhoneLeg | null;

/** What the agent's voice panel shows (views/console/voice-panel.tsx). */
export type CallView = {
  readonly interactionId: string;
  /** "ended" also for a call the appliance no longer holds (after a restart). */
  readonly state: CallState;
  /** A call the agent dialled rings at the far end. */
  readonly ringing: boolean;
  readonly muted: boolean;
  /** The answering agent's phone: "none" when they have no phone registered. */
  readonly phone: AgentPhoneLeg["state"] | "none";
  /** The agent's phone is joined to the caller (false while the caller still hears music for want of one). */
  readonly bridged: boolean;
  /** A call with the trunk can be transferred; one between two agents cannot. */
  readonly transferable: boolean;
  /** The keypad is offered: digits go as RFC 4733 events, or as SIP INFO to a caller who offered none. */
  readonly keypad: boolean;
  /** An outside number this call is being transferred to, while it rings. */
  readonly transferringTo?: string;
  /** The last digits the caller pressed, oldest first. */
  readonly digits: readonly DtmfDigit[];
};

export function viewOf(interactionId: string, call: Call | undefined, phone: PhoneLookup): CallView {
  if (!call)
    return {
      interactionId,
      state: "ended",
      ringing: false,
      transferable: false,
      muted: false,
      phone: "none",
      bridged: false,
      keypad: false,
      digits: [],
    };
  return {
    interactionId,
    state: call.state,
    ringing: call.ringing,
    transferable: true,
    muted: call.muted,
    phone: (call.agentId && phone(call.agentId)?.state) || "none",
    bridged: call.bridged,
    keypad: true,
    digits: [...call.audio.digits],
  };
}
