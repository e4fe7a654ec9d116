import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { AudioClip } from "../media/index.ts";
import { decodeToPcm } from "../media/g711.ts";
import { listQueueAudio, queueAudioWav } from "../routing/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { TONE_MP3, toneShare, toneWav } from "../../tests/support/audio.ts";
import { insertQueue } from "../../tests/support/fixtures.ts";
import { adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
let queueId: string;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
  queueId = insertQueue(t.db, { name: "Sales line", channel: "voice" });
});
afterEach(() => t.cleanup());

const upload = (kind: string, bytes: Uint8Array<ArrayBuffer>, name: string) => {
  const form = new FormData();
  form.set("file", new File([bytes], name, { type: "audio/wav" }));
  return c.post(`/admin/queues/${queueId}/audio/${kind}`, form);
};

/** The stored recording as 8 kHz samples: its length and how much of its middle is `hz`. */
function stored(kind: "music" | "announcement" | "overflow" | "closed", hz: number) {
  const clip = AudioClip.fromWav(queueAudioWav(t.db, queueId, kind) ?? new Uint8Array(0));
  if (!clip.ok) throw new Error(clip.error);
  const middle = decodeToPcm(clip.value.frame(Math.floor(clip.value.frameCount / 2), "PCMU"), "PCMU");
  return { frames: clip.value.frameCount, share: toneShare(middle, hz) };
}

describe("a voice department's recordings", () => {
  test("a stereo 44.1 kHz WAV is converted to 8 kHz telephone audio, shown, replaced by an MP3, then removed; all audited", async () => {
    const page = await (await c.get(`/admin/queues/${queueId}`)).text();
    expect(page).toContain("Built-in music");
    expect(page).not.toContain('name="holdMusic"');
    expect(page).not.toContain('value="voicemail"');

    const res = await upload("music", toneWav(1000, 2), "tone.wav");
    expect(res.status).toBe(303);
    expect(stored("music", 1000)).toEqual({ frames: 100, share: expect.closeTo(1, 2) });
    const after = await (await c.get(res.headers.get("location") ?? "")).text();
    expect(after).toContain("The recording was converted and saved.");
    expect(after).toContain("<strong>tone.wav</strong> (0:02)");

    expect((await upload("music", await Bun.file(TONE_MP3).bytes(), "tone.mp3")).status).toBe(303);
    const mp3 = stored("music", 1500);
    expect(mp3.frames).toBeGreaterThanOrEqual(50);
    expect(mp3.frames).toBeLessThanOrEqual(60);
    expect(mp3.share).toBeGreaterThan(0.95);
    expect(listQueueAudio(t.db, queueId)).toEqual([expect.objectContaining({ kind: "music", fileName: "tone.mp3" })]);

    expect((await c.post(`/admin/queues/${queueId}/audio/music/remove`)).status).toBe(303);
    expect(listQueueAudio(t.db, queueId)).toEqual([]);
    expect(await (await c.get(`/admin/queues/${queueId}`)).text()).toContain("Built-in music");
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions.filter((a) => a === "queue.audio_uploaded")).toHaveLength(2);
    expect(actions).toContain("queue.audio_removed");
  });

  test("a file that is not audio, a damaged WAV, a too-large file and no file are refused with 422 and a visible message", async () => {
    const refused = async (bytes: Uint8Array<ArrayBuffer>, name: string, message: string) => {
      const res = await upload("announcement", bytes, name);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('id="f-audio-announcement-error"');
    };
    await refused(
      new TextEncoder().encode("<html>not a song</html>"),
      "song.mp3",
      "This file cannot be used: it is neither a WAV nor an MP3 file",
    );
    const cut = toneWav(1000, 1).slice(0, 2000);
    await refused(cut, "cut.wav", "the WAV file is damaged");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(toneWav(1000, 0.1));
    await refused(big, "huge.wav", "The file is larger than 5 MB");
    await refused(new Uint8Array(0), "empty.wav", "Choose a WAV or MP3 file to upload.");
    expect(listQueueAudio(t.db, queueId)).toEqual([]);
  });

  test("only voice departments have recordings, of the four known kinds", async () => {
    const chat = insertQueue(t.db, { name: "Web chat", channel: "chat" });
    expect(await (await c.get(`/admin/queues/${chat}`)).text()).not.toContain("Recordings");
    const form = new FormData();
    form.set("file", new File([toneWav(1000, 1)], "t.wav"));
    expect((await c.post(`/admin/queues/${chat}/audio/music`, form)).status).toBe(404);
    expect((await upload("jingle", toneWav(1000, 1), "t.wav")).status).toBe(404);
  });
});
