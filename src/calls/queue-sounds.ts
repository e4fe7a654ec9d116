import type { Db } from "../db/index.ts";
import { AudioClip, ClipPlayer, type FrameSource, loadHoldMusic, loadPrompts, type Prompts } from "../media/index.ts";
import { getQueue, type Queue, type QueueAudioKind, queueAudioVersion, queueAudioWav, waitingPosition } from "../routing/index.ts";
import { getSettings, withinBusinessHours } from "../settings/index.ts";
import type { Clock, Logger } from "../shared/index.ts";
import type { Call } from "./call.ts";
import { WaitingAudio } from "./waiting-audio.ts";

/** Why a call is let go with a last announcement. */
export type FarewellKind = "overflow" | "closed";

/** What a queue's callers hear: set per queue by the admin (uploads, announcement kind and period). */
export type CallSounds = {
  /** The waiting sound (music and periodic announcements) and the music the caller hears on hold. */
  forQueue(queueId: string, interactionId: () => string): Promise<{ waiting: FrameSource; hold: FrameSource }>;
  /** The announcement before hanging up: the queue's recording of that kind, else the built-in prompt. */
  farewell(queueId: string, kind: FarewellKind): Promise<AudioClip>;
  /** Outside business hours: what a call to a voice queue gets; null while open. */
  closed(): "announcement" | "hangup" | null;
};

const MINUTE = 60_000;

/**
 * The sounds of the database's queues (docs/decisions/015-queue-audio.md): uploads decoded once and kept
 * per queue and kind until replaced, the built-in music and prompts otherwise.
 */
export class QueueSounds implements CallSounds {
  readonly #cache = new Map<string, { version: number; clip: AudioClip }>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async forQueue(queueId: string, interactionId: () => string) {
    const queue = getQueue(this.db, queueId);
    const [music, prompts] = await Promise.all([this.music(queueId), loadPrompts()]);
    const recording = this.upload(queueId, "announcement");
    const waiting = new WaitingAudio(music, queue.announceEveryS * 1000, () =>
      this.announcement(queue, interactionId(), recording, prompts),
    );
    return { waiting, hold: new ClipPlayer(music, true) };
  }

  async farewell(queueId: string, kind: FarewellKind): Promise<AudioClip> {
    return this.upload(queueId, kind) ?? (await loadPrompts()).clip(kind);
  }

  closed() {
    const settings = getSettings(this.db);
    return withinBusinessHours(settings.businessHours, this.clock.now(), settings.timeZone) ? null : settings.voiceClosedTreatment;
  }

  private async music(queueId: string): Promise<AudioClip> {
    return this.upload(queueId, "music") ?? (await loadHoldMusic());
  }

  /** The queue's own recording (the upload, then the spoken facts its announcement kind asks for). */
  private announcement(queue: Queue, interactionId: string, recording: AudioClip | null, prompts: Prompts): AudioClip | null {
    const parts = recording ? [recording] : [];
    const where = queue.announceKind === "none" ? null : waitingPosition(this.db, interactionId, this.clock.now());
    if (where && (queue.announceKind === "position" || queue.announceKind === "both")) {
      const number = prompts.number(where.position);
      parts.push(...(number ? [prompts.clip("caller-number"), number] : [prompts.clip("many-callers")]));
    }
    if (where && where.estimatedWaitMs !== null && (queue.announceKind === "wait" || queue.announceKind === "both")) {
      const minutes = Math.ceil(where.estimatedWaitMs / MINUTE);
      const number = prompts.number(minutes);
      if (where.estimatedWaitMs < MINUTE) parts.push(prompts.clip("wait-short"));
      else if (!number) parts.push(prompts.clip("wait-long"));
      else parts.push(prompts.clip("wait-about"), number, prompts.clip(minutes === 1 ? "minute" : "minutes"));
    }
    if (parts.length > (recording ? 1 : 0)) parts.push(prompts.clip("stay-on-line"));
    return parts.length ? AudioClip.join(parts) : null;
  }

  /** The queue's upload of this kind, decoded once per stored version; null without one (or when unreadable). */
  private upload(queueId: string, kind: QueueAudioKind): AudioClip | null {
    const key = `${queueId}/${kind}`;
    const version = queueAudioVersion(this.db, queueId, kind);
    if (version === null) return null;
    const cached = this.#cache.get(key);
    if (cached?.version === version) return cached.clip;
    const clip = AudioClip.fromWav(queueAudioWav(this.db, queueId, kind) ?? new Uint8Array(0));
    if (!clip.ok) {
      this.log.warn("a stored queue recording cannot be read; the built-in sound plays", { queueId, kind, error: clip.error });
      return null;
    }
    this.#cache.set(key, { version, clip: clip.value });
    return clip.value;
  }
}

/** A waiting call moves to a department's music and announcements, once they are loaded. */
export function retune(call: Call, queueId: string, sounds: CallSounds | undefined, log: Logger): void {
  sounds
    ?.forQueue(queueId, () => call.interactionId)
    .then(
      (loaded) => call.retune(loaded),
      (error) => log.warn("a department's sounds could not be loaded", { error }),
    );
}
