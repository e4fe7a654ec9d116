import { type Context, Hono } from "hono";
import type { AudioError } from "../../views/admin/queues-audio.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { importAudio } from "../media/index.ts";
import { getQueue, QUEUE_AUDIO_KINDS, type QueueAudioKind, removeQueueAudio, saveQueueAudio } from "../routing/index.ts";
import { NotFound } from "../shared/index.ts";

/** The largest audio file accepted (well under the upload limit, so a bigger one gets this page's message). */
export const MAX_AUDIO_BYTES = 5 * 1024 * 1024;
/** The longest recording kept: what one clip may hold in memory. */
const MAX_AUDIO_SECONDS = 600;
const MAX_NAME = 120;

type C = Context<AuthedEnv>;
/** Renders the department's page with an upload's error, status 422. */
export type RenderAudioError = (c: C, id: string, error: AudioError) => Response | Promise<Response>;

const kindOf = (c: C): QueueAudioKind => {
  const kind = c.req.param("kind");
  if (!(QUEUE_AUDIO_KINDS as readonly string[]).includes(kind ?? "")) throw new NotFound("There is no such recording.");
  return kind as QueueAudioKind;
};

/** A voice department's recordings (FEATURES A4): upload converts once and stores, remove brings back the built-in sound. */
export function queueAudioRoutes(deps: AppDeps, renderError: RenderAudioError) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const voiceQueue = (id: string) => {
    const queue = getQueue(db, id);
    if (queue.channel !== "voice") throw new NotFound("Only voice departments have recordings.");
    return queue;
  };

  app.post("/:id/audio/:kind", async (c) => {
    const id = c.req.param("id");
    const kind = kindOf(c);
    voiceQueue(id);
    const file = (await formBody(c)).file;
    const refuse = (message: string) => renderError(c, id, { kind, message });
    if (!(file instanceof File) || file.size === 0) return refuse("Choose a WAV or MP3 file to upload.");
    if (file.size > MAX_AUDIO_BYTES)
      return refuse(`The file is larger than ${MAX_AUDIO_BYTES / 1048576} MB. Upload a shorter or more compressed one.`);
    const imported = await importAudio(new Uint8Array(await file.arrayBuffer()), MAX_AUDIO_SECONDS);
    if (!imported.ok) return refuse(`This file cannot be used: ${imported.error}. Upload a WAV or MP3 file.`);
    const upload = {
      fileName: file.name.slice(0, MAX_NAME) || "upload",
      durationMs: Math.round(imported.value.seconds * 1000),
      wav: imported.value.wav,
    };
    saveQueueAudio(db, id, kind, upload, actor(c), clock.now());
    return c.redirect(`/admin/queues/${id}?audio=saved`, 303);
  });

  app.post("/:id/audio/:kind/remove", (c) => {
    const id = c.req.param("id");
    const kind = kindOf(c);
    voiceQueue(id);
    removeQueueAudio(db, id, kind, actor(c), clock.now());
    return c.redirect(`/admin/queues/${id}?audio=removed`, 303);
  });

  return app;
}
