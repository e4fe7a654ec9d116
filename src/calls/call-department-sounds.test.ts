import { afterEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { decodeToPcm } from "../media/g711.ts";
import { importAudio } from "../media/index.ts";
import { saveQueueAudio } from "../routing/index.ts";
import { queues } from "../routing/schema.ts";
import { toneShare, toneWav } from "../../tests/support/audio.ts";
import { insertQueue } from "../../tests/support/fixtures.ts";
import { answeredPort, callRig, FakePhone, type Rig, waitFor } from "../../tests/sip/call-rig.ts";

let r: Rig;
afterEach(() => r.close());

async function upload(queueId: string, kind: "music" | "announcement", hz: number): Promise<void> {
  const audio = await importAudio(toneWav(hz, 1), 600);
  if (!audio.ok) throw new Error(audio.error);
  const file = { fileName: `${hz}.wav`, durationMs: 1000, wav: audio.value.wav };
  saveQueueAudio(r.t.db, queueId, kind, file, { id: null, name: "test" }, r.t.clock.now());
}

/** How many of the packets the caller received from `from` on are the tone. */
const toneCount = (hz: number, from: number, count: number) =>
  r.rtp.received.slice(from, from + count).filter((p) => toneShare(decodeToPcm(p.payload, "PCMA"), hz) > 0.9).length;

test("an agent's Hold plays the department's uploaded music, without its periodic announcements", async () => {
  r = await callRig({ queueSounds: true });
  for (const [kind, hz] of [
    ["music", 1200],
    ["announcement", 2000],
  ] as const) {
    const audio = await importAudio(toneWav(hz, 1), 600);
    if (!audio.ok) throw new Error(audio.error);
    const upload = { fileName: `${hz}.wav`, durationMs: 1000, wav: audio.value.wav };
    saveQueueAudio(r.t.db, r.queueId, kind, upload, { id: null, name: "test" }, r.t.clock.now());
  }
  r.t.db.update(queues).set({ announceEveryS: 1, announceKind: "position" }).where(eq(queues.id, r.queueId)).run();
  const phone = new FakePhone();
  r.phones.set(r.agentId, phone);
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  r.provider.invite();
  answeredPort(await r.provider.response(200));
  r.provider.ack();
  await waitFor(() => r.calls.activeCalls === 1, "the call");
  const offer = r.t.deps.routing.ringingOffers(r.agentId)[0];
  r.calls.answer(offer?.id ?? "", r.agentId);

  r.calls.control(offer?.interactionId ?? "", r.agentId, "hold");
  const before = r.rtp.received.length;
  // Two seconds on hold: with announcements every second of music, one would have started by now.
  await r.rtp.waitFor(before + 100, 5_000);
  expect(toneCount(1200, before, 100)).toBeGreaterThanOrEqual(98);
});

test("a caller who overflows to another department hears that department's music from then on", async () => {
  r = await callRig({ queueSounds: true });
  const backup = insertQueue(r.t.db, { name: "Backup line", channel: "voice" });
  r.t.db.update(queues).set({ maxWaitS: 10, overflowKind: "queue", overflowQueueId: backup }).where(eq(queues.id, r.queueId)).run();
  await upload(r.queueId, "music", 1200);
  await upload(backup, "music", 2000);
  r.provider.invite();
  answeredPort(await r.provider.response(200));
  r.provider.ack();
  await r.rtp.waitFor(25, 5_000);
  expect(toneCount(1200, 5, 20)).toBe(20);

  r.t.clock.advance(10_000);
  const moved = r.rtp.received.length;
  await r.rtp.waitFor(moved + 60, 5_000);
  expect(toneCount(2000, moved + 10, 50)).toBe(50);
});
