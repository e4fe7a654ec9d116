/** The agent console (FEATURES C): its pages, the one event stream of every page, and its live parts. */
export { attachChatLive } from "./chat/live.tsx";
export { attachConsoleLive } from "./stream/live.ts";
export { attachVoiceLive } from "./voice/live.tsx";
