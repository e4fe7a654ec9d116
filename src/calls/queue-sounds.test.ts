import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { AudioClip, FRAME_MS, type FrameSource, loadHoldMusic, loadPrompts, type PromptName } from "../media/index.ts";
import { interactions } from "../routing/interactions-schema.ts";
import { queues } from "../routing/schema.ts";
import { silentLogger } from "../shared/index.ts";
import { insertQueue } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { QueueSounds } from "./queue-sounds.ts";

let t: TestApp;
let queueId: string;
beforeEach(() => {
  t = makeTestApp();
  queueId = insertQueue(t.db, { name: "Sales line", channel: "voice", announceEveryS: 1, announceKind: "both" });
});
afterEach(() => t.cleanup());

const MINUTE = 60_000;

/** Queues `count` callers a second apart; returns their interaction ids, first in line first. */
function queueCallers(count: number): string[] {
  return Array.from({ length: count }, () => {
    const id = t.deps.routing.enqueue({ channel: "voice", direction: "inbound", queueId }).id;
    t.clock.advance(1000);
    return id;
  });
}

/** Calls answered in the queue within the last hour, each after waiting `waitMs`. */
function answeredEarlier(waitMs: number, count: number): void {
  for (const id of queueCallers(count)) {
    const acceptedAt = t.clock.now();
    t.db
      .update(interactions)
      .set({ status: "ended", queuedAt: acceptedAt - waitMs, acceptedAt })
      .where(eq(interactions.id, id))
      .run();
  }
}

/** What the caller hears after the announcement period's music: the announcement's frames, as octets. */
async function announcementHeardBy(interactionId: string): Promise<Uint8Array[]> {
  const { waiting } = await new QueueSounds(t.db, t.clock, silentLogger).forQueue(queueId, () => interactionId);
  const music = await loadHoldMusic();
  const frames = Array.from({ length: 1000 / FRAME_MS - 1 }, () => waiting.next("PCMU")?.payload);
  expect(frames.every((f, i) => f && Buffer.from(f).equals(Buffer.from(music.frame(i, "PCMU"))))).toBe(true);
  return collectUntilMusic(waiting, music);
}

/** Frames up to where the music comes back (its 50th frame, where it stopped). */
function collectUntilMusic(source: FrameSource, music: AudioClip): Uint8Array[] {
  const resume = Buffer.from(music.frame(1000 / FRAME_MS - 1, "PCMU"));
  const heard: Uint8Array[] = [];
  for (let i = 0; i < 5000; i++) {
    const frame = source.next("PCMU")?.payload as Uint8Array;
    if (resume.equals(Buffer.from(frame))) return heard;
    heard.push(frame);
  }
  throw new Error("the music never came back");
}

async function spoken(...names: PromptName[]): Promise<Uint8Array[]> {
  const prompts = await loadPrompts();
  const clip = AudioClip.join(names.map((n) => prompts.clip(n)));
  return Array.from({ length: clip.frameCount }, (_, i) => clip.frame(i, "PCMU"));
}

describe("periodic announcements", () => {
  test("after a period of music: the position and the estimated wait from the last hour's answered calls, then the music resumes", async () => {
    answeredEarlier(150_000, 2);
    const [, , third] = queueCallers(3);
    // Waits of 2.5 minutes; this caller has waited 1 s of them: about 3 minutes to go.
    expect(await announcementHeardBy(third as string)).toEqual(
      await spoken("caller-number", "n3", "wait-about", "n3", "minutes", "stay-on-line"),
    );
  });

  test("past twenty callers and twenty minutes the words say so; under a minute they say that", async () => {
    answeredEarlier(25 * MINUTE, 1);
    const line = queueCallers(21);
    expect(await announcementHeardBy(line[20] as string)).toEqual(await spoken("many-callers", "wait-long", "stay-on-line"));
    t.clock.advance(25 * MINUTE - 30_000);
    expect(await announcementHeardBy(line[0] as string)).toEqual(await spoken("caller-number", "n1", "wait-short", "stay-on-line"));
  });

  test("without answered calls in the last hour no wait is guessed; with the wait alone chosen nothing is said", async () => {
    const [first] = queueCallers(1);
    expect(await announcementHeardBy(first as string)).toEqual(await spoken("caller-number", "n1", "stay-on-line"));
    t.db.update(queues).set({ announceKind: "wait" }).where(eq(queues.id, queueId)).run();
    const { waiting } = await new QueueSounds(t.db, t.clock, silentLogger).forQueue(queueId, () => first as string);
    const music = await loadHoldMusic();
    for (let i = 0; i < 200; i++) expect(waiting.next("PCMU")?.payload).toEqual(music.frame(i, "PCMU"));
  });
});
