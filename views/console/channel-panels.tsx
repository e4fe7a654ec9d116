import type { Child } from "hono/jsx";
import { ChatPanel } from "./chat-panel.tsx";
import type { WorkItemView } from "./console-types.ts";
import { VoicePanel } from "./voice-panel.tsx";

export type ChannelPanelProps = { item: WorkItemView; csrf: string | null };
export type ChannelPanelView = (props: ChannelPanelProps) => Child;

/**
 * The conversation area of a work tab, per channel. The chat and voice work add their entry here.
 * The page keeps this area's DOM when the tab's summary changes (static/console.js), so a panel
 * updates itself through its own pushes and keeps drafts, scroll position and media.
 */
export const CHANNEL_PANELS: Record<string, ChannelPanelView | undefined> = { chat: ChatPanel, voice: VoicePanel };

export function ChannelArea({ item, csrf }: ChannelPanelProps) {
  const panel = CHANNEL_PANELS[item.channel];
  if (panel) return <>{panel({ item, csrf })}</>;
  return <p class="muted channel-placeholder">{`The ${item.channel} conversation appears here.`}</p>;
}
