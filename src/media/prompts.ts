import promptIndex from "../../static/prompts.json";
import promptsFile from "../../static/prompts.wav" with { type: "file" };
import type { AudioClip } from "./audio-clip.ts";
import { loadClip } from "./hold-music.ts";
import { HIGHEST_SPOKEN_NUMBER, type PromptName } from "./prompt-texts.ts";

/** The built-in spoken prompts, cut from the one embedded recording (made by scripts/make-prompts.ts). */
export class Prompts {
  readonly #clips = new Map<string, AudioClip>();

  constructor(all: AudioClip, index: Readonly<Record<string, readonly number[]>>) {
    for (const [name, [first = 0, count = 0]] of Object.entries(index)) this.#clips.set(name, all.section(first, count));
  }

  clip(name: PromptName): AudioClip {
    const clip = this.#clips.get(name);
    if (!clip) throw new Error(`no prompt named ${name}`);
    return clip;
  }

  /** The spoken number, for 1 to HIGHEST_SPOKEN_NUMBER; null beyond. */
  number(n: number): AudioClip | null {
    return Number.isInteger(n) && n >= 1 && n <= HIGHEST_SPOKEN_NUMBER ? this.clip(`n${n}`) : null;
  }
}

let loaded: Promise<Prompts> | null = null;

/** The prompts, read once per process from the executable. */
export function loadPrompts(): Promise<Prompts> {
  loaded ??= loadClip(promptsFile)
    .then((all) => new Prompts(all, promptIndex))
    .catch((error) => {
      loaded = null;
      throw error;
    });
  return loaded;
}
