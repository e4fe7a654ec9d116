/**
 * What a caller of a voice department hears (docs/decisions/015-queue-audio.md), end to end on loopback: sipp
 * calls the appliance with RTP and echoes every packet it receives, so the frames that come back to the
 * caller's leg with the appliance's own source are exactly what sipp heard. Recordings are uploaded tones
 * (told apart by Goertzel) and the built-in prompts (compared octet for octet).
 */
import { afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Call } from "../../src/calls/index.ts";
import { decodeToPcm } from "../../src/media/g711.ts";
import { AudioClip, type AudioFrame, importAudio, loadPrompts, type PromptName } from "../../src/media/index.ts";
import { type QueueAudioKind, saveQueueAudio } from "../../src/routing/index.ts";
import { queues } from "../../src/routing/schema.ts";
import { getSettings, saveSettings } from "../../src/settings/index.ts";
import { toneShare, toneWav } from "../support/audio.ts";
import { pcapSsrc, startCaller } from "./caller.ts";
import { runSipp } from "./sipp.ts";
import { waitFor } from "./support.ts";
import { DID, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

setDefaultTimeout(40_000);
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];
const MUSIC_HZ = 1200;
const RECORDING_HZ = 2000;

beforeEach(async () => {
  v = await voiceAppliance();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

async function upload(kind: QueueAudioKind, hz: number, seconds: number): Promise<void> {
  const audio = await importAudio(toneWav(hz, seconds), 600);
  if (!audio.ok) throw new Error(audio.error);
  const file = { fileName: `${hz}.wav`, durationMs: seconds * 1000, wav: audio.value.wav };
  saveQueueAudio(v.app.deps.db, v.queueId, kind, file, { id: null, name: "test" }, v.app.clock.now());
}

function setQueue(fields: Partial<typeof queues.$inferInsert>): void {
  v.app.deps.db.update(queues).set(fields).where(eq(queues.id, v.queueId)).run();
}

/** A caller that stays on the line until the appliance hangs up (or the test ends). */
function call() {
  const caller = startCaller({ scenario: "uac-inbound-hangup.xml", sipPort: v.sipPort, did: DID, timeoutSeconds: 30 });
  closers.push(() => caller.kill());
  return caller;
}

/** The frames sipp heard from the appliance, in order, as they came back through its echo. */
async function heardBy(): Promise<{ call: Call; frames: AudioFrame[] }> {
  await waitFor(() => v.app.calls.trunkCalls().length === 1, "the call to be answered", 10_000);
  const call = v.app.calls.trunkCalls()[0] as Call;
  const frames: AudioFrame[] = [];
  const capture = pcapSsrc();
  call.leg.onFrame((frame) => frame.source !== capture && frames.push(frame));
  return { call, frames };
}

const isTone = (frame: AudioFrame, hz: number) => toneShare(decodeToPcm(frame.payload, frame.codec), hz) > 0.9;

/** The longest run of consecutive frames that are the tone. */
function longestRun(frames: AudioFrame[], hz: number, from = 0): number {
  let best = 0;
  let run = 0;
  for (const frame of frames.slice(from)) {
    run = isTone(frame, hz) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** The built-in prompts said one after the other. */
async function sentence(names: PromptName[]): Promise<AudioClip> {
  const prompts = await loadPrompts();
  return AudioClip.join(names.map((n) => prompts.clip(n)));
}

/** Where the clip begins in what sipp heard (octet for octet); -1 when it is not all there. */
function find(frames: AudioFrame[], clip: AudioClip): number {
  const codec = frames[0]?.codec ?? "PCMA";
  const expected = Array.from({ length: clip.frameCount }, (_, i) => clip.frame(i, codec));
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (let start = 0; start + expected.length <= frames.length; start++)
    if (expected.every((e, k) => same(e, (frames[start + k] as AudioFrame).payload))) return start;
  return -1;
}

describe("a voice department's sounds reach the caller", () => {
  test("the uploaded hold music is what a waiting caller hears, instead of the built-in music", async () => {
    await upload("music", MUSIC_HZ, 1);
    call();
    const { frames } = await heardBy();
    await waitFor(() => frames.length >= 100, "two seconds of what the caller heard", 10_000);
    const tone = frames.filter((f) => isTone(f, MUSIC_HZ)).length;
    expect(tone / frames.length).toBeGreaterThan(0.95);
  });

  test("every announcement period the caller hears the department's recording and their position, then the music again", async () => {
    await upload("music", MUSIC_HZ, 1);
    await upload("announcement", RECORDING_HZ, 0.5);
    setQueue({ announceEveryS: 1, announceKind: "position" });
    call();
    const { frames } = await heardBy();
    const words = await sentence(["caller-number", "n1", "stay-on-line"]);
    const spokenThenMusic = () => {
      const at = find(frames, words);
      return at >= 0 && frames.length > at + words.frameCount + 60;
    };
    await waitFor(spokenThenMusic, "the spoken position, then music", 20_000);
    const at = find(frames, words);
    // Before the words: music, then the 0.5 s recording right before them; after them, the music goes on.
    expect(frames.slice(0, 40).filter((f) => isTone(f, MUSIC_HZ)).length).toBeGreaterThanOrEqual(35);
    expect(frames.slice(at - 25, at).every((f) => isTone(f, RECORDING_HZ))).toBe(true);
    expect(longestRun(frames, MUSIC_HZ, at + words.frameCount)).toBeGreaterThanOrEqual(45);
  });

  test("overflow to an announcement: after the maximum wait the caller hears the overflow recording in full, then a BYE", async () => {
    await upload("overflow", RECORDING_HZ, 1);
    setQueue({ maxWaitS: 10, overflowKind: "announcement" });
    const caller = call();
    const { call: c, frames } = await heardBy();
    await waitFor(() => frames.length >= 25, "the music first", 10_000);
    const interactionId = c.interactionId;
    v.app.clock.advance(10_000);
    expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
    expect(v.app.deps.routing.get(interactionId)).toMatchObject({ status: "ended", endReason: "overflow-announcement" });
    const first = frames.findIndex((f) => isTone(f, RECORDING_HZ));
    expect(first).toBeGreaterThanOrEqual(25);
    // The whole second of it (50 frames, a last echo or two may be cut by the hang-up), and nothing after it.
    expect(longestRun(frames, RECORDING_HZ)).toBeGreaterThanOrEqual(47);
    expect(frames.slice(first).every((f) => isTone(f, RECORDING_HZ))).toBe(true);
    expect(v.app.calls.activeCalls).toBe(0);
  });

  test("outside business hours a call hears the closed announcement and is hung up, without being queued", async () => {
    closeTheCenter("announcement");
    const queued: unknown[] = [];
    v.app.deps.bus.subscribe("interaction.queued", (p) => queued.push(p));
    const caller = call();
    const { frames } = await heardBy();
    expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
    expect(find(frames, await sentence(["closed"]))).toBeGreaterThanOrEqual(0);
    expect(queued).toEqual([]);
    expect(v.app.calls.activeCalls).toBe(0);
  });

  test("outside business hours, with the refusal chosen, the INVITE gets 480 and nothing is queued", async () => {
    closeTheCenter("hangup");
    const run = await runSipp({ scenario: "invite-unavailable.xml", transport: "UDP", port: v.sipPort, service: DID });
    expect({ exit: run.exitCode, errors: run.errors }).toEqual({ exit: 0, errors: "" });
    expect(v.app.calls.activeCalls).toBe(0);
  });
});

function closeTheCenter(voiceClosedTreatment: "announcement" | "hangup"): void {
  const { db, clock } = v.app.deps;
  const { businessHours } = getSettings(db);
  saveSettings(
    db,
    { businessHours: { ...businessHours, enabled: true, days: ["", "", "", "", "", "", ""] }, voiceClosedTreatment },
    clock.now(),
  );
}
