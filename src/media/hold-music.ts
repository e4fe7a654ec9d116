import holdMusicFile from "../../static/hold-music.wav" with { type: "file" };
import { AudioClip, ClipPlayer } from "./audio-clip.ts";

let defaultClip: Promise<AudioClip> | null = null;

/**
 * The hold music built into the executable (static/hold-music.wav, made by scripts/make-hold-music.ts).
 * It is read and encoded once per process.
 */
export function loadHoldMusic(): Promise<AudioClip> {
  defaultClip ??= loadClip(holdMusicFile).catch((error) => {
    defaultClip = null;
    throw error;
  });
  return defaultClip;
}

/** Reads an 8 kHz mono WAV file (an embedded one or one on disk); a bad file is an error naming the problem. */
export async function loadClip(path: string): Promise<AudioClip> {
  const clip = AudioClip.fromWav(await Bun.file(path).bytes());
  if (!clip.ok) throw new Error(`${path}: ${clip.error}`);
  return clip.value;
}

/** A fresh looping player of the default hold music for one call. */
export async function holdMusicPlayer(): Promise<ClipPlayer> {
  return new ClipPlayer(await loadHoldMusic(), true);
}
