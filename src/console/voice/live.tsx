// Named "-live.tsx" beside the routes because it renders views, which only route-level files may do.
import { voiceEvent, VoiceControls } from "../../../views/console/voice-panel.tsx";
import { CALL_UPDATED, type CallService } from "../../calls/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { SseMessage } from "../../shared/index.ts";

type LiveDeps = Pick<AppDeps, "bus" | "hub" | "calls">;

function controlsEvent(calls: CallService, interactionId: string): SseMessage {
  return { event: voiceEvent(interactionId), data: String(<VoiceControls view={calls.view(interactionId)} csrf={null} />) };
}

/**
 * Keeps the voice panels of the agent on the call current: every change of the call (answered, held,
 * muted, ended) pushes its controls to `user:<agentId>`, only when that agent has a page open.
 */
export function attachVoiceLive(deps: LiveDeps): () => void {
  const { calls } = deps;
  return deps.bus.subscribe(CALL_UPDATED, (p) => {
    const agentId = p.agentId ?? "";
    const topic = `user:${agentId}`;
    if (!agentId || !calls || deps.hub.count(topic) === 0) return;
    deps.hub.publish(topic, controlsEvent(calls, p.interactionId));
  });
}

/** On every (re)connect: the controls of each open call, so a reloaded or reconnected page shows it as it is (C6). */
export function voiceSnapshot(deps: Pick<AppDeps, "calls" | "routing">, userId: string): SseMessage[] {
  const { calls } = deps;
  if (!calls) return [];
  return deps.routing
    .openWork(userId)
    .filter((i) => i.channel === "voice")
    .map((i) => controlsEvent(calls, i.id));
}
