import type { AudioFrame, LegStats } from "./leg.ts";
import type { MediaScheduler } from "./scheduler.ts";

/** The two sides of a bridge. */
export type Side = "a" | "b";

/** Muting either drops a side's audio or replaces it with silence (which keeps NAT bindings and jitter buffers fed). */
export type MuteMode = "drop" | "silence";

/** Receives what each side contributes to the call, after mute and hold; a recorder writes one channel per side. */
export type RecorderTap = { frame(side: Side, frame: AudioFrame): void };

/** Counts for what one side said on its way to the other. */
export type FlowStats = {
  forwarded: number;
  transcoded: number;
  /** Dropped or silenced because the speaking side was muted or on hold. */
  muted: number;
  /** Not passed on because the listening side was hearing a source (hold music, an announcement) instead. */
  replaced: number;
  /** Frames of a source played to the listening side. */
  played: number;
  dtmfRelayed: number;
};

export type BridgeStats = {
  readonly aToB: Readonly<FlowStats>;
  readonly bToA: Readonly<FlowStats>;
  readonly a: LegStats;
  readonly b: LegStats;
};

export type BridgeOptions = {
  readonly scheduler: MediaScheduler;
  /** Pass DTMF from one side to the other (default true). */
  readonly relayDtmf?: boolean;
};
