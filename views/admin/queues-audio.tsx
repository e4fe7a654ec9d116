import type { QueueAudioInfo, QueueAudioKind } from "../../src/routing/index.ts";
import { Csrf } from "../components/form.tsx";

export type AudioError = { kind: QueueAudioKind; message: string };

type Props = {
  csrf: string;
  base: string;
  kinds: readonly QueueAudioKind[];
  uploads: QueueAudioInfo[];
  maxMegabytes: number;
  error?: AudioError | null;
};

const AUDIO_TEXT: Record<QueueAudioKind, { label: string; builtIn: string }> = {
  music: { label: "Hold music", builtIn: "Built-in music (plays on a loop while callers wait and while an agent holds the call)" },
  announcement: {
    label: "Periodic announcement",
    builtIn: "No recording: only the position and wait chosen above are spoken, at the announcement period",
  },
  overflow: { label: "Overflow announcement", builtIn: "Built-in: “all of our agents are busy, please call again later”" },
  closed: { label: "Closed announcement", builtIn: "Built-in: “we are closed at the moment, please call again during business hours”" },
};

const duration = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}`;

/** A voice department's recordings: upload (WAV or MP3, converted once), replace, remove (FEATURES A4). */
export function QueueAudioSection(p: Props) {
  return (
    <section class="card" aria-labelledby="audio-h">
      <h2 id="audio-h">Recordings</h2>
      <p class="hint">
        WAV or MP3, at most {p.maxMegabytes} MB and 10 minutes. Each file is converted once to telephone audio (8 kHz mono G.711) when it is
        uploaded; converting a long file takes a few seconds.
      </p>
      {p.kinds.map((kind) => {
        const upload = p.uploads.find((u) => u.kind === kind);
        const error = p.error?.kind === kind ? p.error.message : null;
        const id = `f-audio-${kind}`;
        return (
          <div class="audio-kind">
            <h3>{AUDIO_TEXT[kind].label}</h3>
            <p id={`${id}-now`}>
              {upload ? (
                <>
                  Uploaded: <strong>{upload.fileName}</strong> ({duration(upload.durationMs)})
                </>
              ) : (
                AUDIO_TEXT[kind].builtIn
              )}
            </p>
            <form method="post" action={`${p.base}/audio/${kind}`} enctype="multipart/form-data" data-busy="Converting…">
              <Csrf token={p.csrf} />
              <div class={error ? "field invalid" : "field"}>
                <label for={id}>{upload ? "Replace with" : "Upload"} (WAV or MP3)</label>
                <input
                  id={id}
                  name="file"
                  type="file"
                  accept=".wav,.mp3,audio/wav,audio/mpeg"
                  required
                  aria-invalid={error ? "true" : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                {error ? (
                  <small id={`${id}-error`} class="error" role="alert">
                    {error}
                  </small>
                ) : null}
              </div>
              <button type="submit">Upload {AUDIO_TEXT[kind].label.toLowerCase()}</button>
            </form>
            {upload ? (
              <form method="post" action={`${p.base}/audio/${kind}/remove`}>
                <Csrf token={p.csrf} />
                <button type="submit" class="secondary">
                  Remove {AUDIO_TEXT[kind].label.toLowerCase()}
                </button>
              </form>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
