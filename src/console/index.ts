/** The agent console (FEATURES C): its pages, the one event stream of every page, and its live parts. */
export { attachChatLive } from "./chat/live.tsx";
export { endStreamsWithSessions, type SnapshotSource, topicsFor } from "./stream/events-route.ts";
export { attachConsoleLive } from "./stream/live.ts";
export { type ConsoleOptions, consoleRoutes } from "./routes.tsx";
export { attachVoiceLive } from "./voice/live.tsx";
