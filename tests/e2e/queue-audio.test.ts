/** Admin → Departments → Recordings in Chromium: upload a WAV, see it named, be told why a non-audio file is refused, remove it. */
import { beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { createQueue, listQueueAudio, readQueueForm } from "../../src/routing/index.ts";
import { toneWav } from "../support/audio.ts";
import { insertUser, shown, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit({ appliance: "file" });
let adminId: string;
let queueId: string;

beforeAll(async () => {
  const { db } = kit.app.deps;
  queueId = createQueue(db, readQueueForm({ name: "Billing", channel: "voice" }), { id: null, name: "test" }, kit.app.clock.now());
  adminId = await insertUser(db, { username: "boss", fullName: "Big Boss", role: "admin" });
});

test("an admin uploads hold music, is told plainly why a text file is refused, and removes the music again", async () => {
  const context = await kit.signedIn(adminId);
  const page = await context.newPage();
  await page.goto(`${kit.app.url}/admin/queues/${queueId}`);
  const music = page.getByLabel("Upload (WAV or MP3)").first();
  await music.setInputFiles({ name: "lobby.wav", mimeType: "audio/wav", buffer: Buffer.from(toneWav(440, 3)) });
  await submit(page, page.getByRole("button", { name: "Upload hold music" }));
  expect(await textOf(page.locator("p.notice"))).toBe("The recording was converted and saved.");
  expect(await textOf(page.locator("#f-audio-music-now"))).toBe("Uploaded: lobby.wav (0:03)");
  expect(listQueueAudio(kit.app.deps.db, queueId)).toEqual([expect.objectContaining({ kind: "music", durationMs: 3000 })]);

  await page
    .getByLabel("Upload (WAV or MP3)")
    .first()
    .setInputFiles({ name: "notes.mp3", mimeType: "audio/mpeg", buffer: Buffer.from("just text") });
  await submit(page, page.getByRole("button", { name: "Upload periodic announcement" }));
  const error = page.getByRole("alert").filter({ hasText: "cannot be used" });
  await shown(error);
  expect(await textOf(error)).toBe("This file cannot be used: it is neither a WAV nor an MP3 file. Upload a WAV or MP3 file.");

  await submit(page, page.getByRole("button", { name: "Remove hold music" }));
  expect(await textOf(page.locator("p.notice"))).toBe("The recording was removed.");
  expect(listQueueAudio(kit.app.deps.db, queueId)).toEqual([]);
});
