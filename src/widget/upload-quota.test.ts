import { afterEach, expect, test } from "bun:test";
import type { Config } from "../config.ts";
import { startAttachmentPurge, storedBytes } from "../chat/index.ts";
import { chatAttachments } from "../chat/conversation-schema.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
let sales: string;
let stops: (() => void)[] = [];
const boot = (config: Partial<Config>) => {
  t = makeTestApp(config);
  ({ sales } = setUpWidget(t));
};
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
  t.cleanup();
});

const KB = 1024;
/** A plain-text file of `kb` KB, an accepted type. */
const textFile = (kb: number) => `${"x".repeat(kb * KB - 1)}\n`;
const upload = (v: Visitor, name: string, content: string, clientId?: string) => {
  const form = new FormData();
  form.set("file", new File([content], name));
  if (clientId) form.set("clientId", clientId);
  return v.request("POST", `/conversations/${v.id}/attachments`, form);
};
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;
const files = () => t.db.select({ id: chatAttachments.id }).from(chatAttachments).all().length;

test("a chat holds at most its quota of files: past it the upload is refused with 413 and a message, and nothing is stored", async () => {
  boot({ chatFilesPerChatMb: 1 });
  const v = await new Visitor(t).start(sales);
  for (const n of [1, 2]) expect((await upload(v, `part${n}.txt`, textFile(400))).status).toBe(201);
  const third = await upload(v, "part3.txt", textFile(400));
  expect(third.status).toBe(413);
  expect(await errorOf(third)).toBe("This chat has reached its limit of 1 MB of files. Send a link or describe it in a message.");
  expect(files()).toBe(2);
  // Another chat has its own quota.
  expect((await upload(await new Visitor(t).start(sales), "other.txt", textFile(400))).status).toBe(201);
});

test("one visitor address sends at most its daily quota of files across chats (429), another address is not held back, and the next day it may again", async () => {
  boot({ chatFilesPerAddressMb: 1 });
  const first = await new Visitor(t, undefined, "203.0.113.5").start(sales);
  const second = await new Visitor(t, undefined, "203.0.113.5").start(sales);
  expect((await upload(first, "a.txt", textFile(600), "c-1")).status).toBe(201);
  // A retry after a lost answer is the same file: counted once.
  expect((await upload(first, "a.txt", textFile(600), "c-1")).status).toBe(201);
  expect((await upload(first, "small.txt", textFile(300))).status).toBe(201);
  const refused = await upload(second, "b.txt", textFile(600));
  expect(refused.status).toBe(429);
  expect(await errorOf(refused)).toBe("Your network has sent 1 MB of files today, the most it may. Try again tomorrow.");
  expect((await upload(await new Visitor(t, undefined, "198.51.100.8").start(sales), "c.txt", textFile(600))).status).toBe(201);
  t.clock.advance(24 * 3600_000);
  const nextDay = await new Visitor(t, undefined, "203.0.113.5").start(sales);
  expect((await upload(nextDay, "b.txt", textFile(600))).status).toBe(201);
});

test("the box holds at most its total of chat files (413), and refuses files that would eat into the free disk space kept (503)", async () => {
  boot({ chatFilesTotalMb: 1 });
  const visitors = [await new Visitor(t, undefined, "192.0.2.1").start(sales), await new Visitor(t, undefined, "192.0.2.2").start(sales)];
  expect((await upload(visitors[0] as Visitor, "a.txt", textFile(700))).status).toBe(201);
  const full = await upload(visitors[1] as Visitor, "b.txt", textFile(700));
  expect(full.status).toBe(413);
  expect(await errorOf(full)).toBe("The server holds as many chat files as it may. Files cannot be sent right now.");
  t.cleanup();

  boot({ minFreeDiskMb: 1024 * 1024 });
  const low = await upload(await new Visitor(t).start(sales), "a.txt", textFile(1));
  expect(low.status).toBe(503);
  expect(await errorOf(low)).toBe("The server is low on disk space. Files cannot be sent right now.");
  expect(files()).toBe(0);
});

test("an upload over the size limit is answered 413 with a message the widget can show", async () => {
  boot({ maxUploadBytes: 1024 * KB });
  const res = await upload(await new Visitor(t).start(sales), "big.txt", textFile(1200));
  expect(res.status).toBe(413);
  expect(await errorOf(res)).toBe("The upload is too large (limit 1 MB).");
});

test("chat files older than the retention are removed on the clock: the message stays and names the file, the download says it is gone", async () => {
  boot({ chatFilesKeepDays: 1 });
  stops.push(startAttachmentPurge(t.deps, 1));
  const v = await new Visitor(t).start(sales);
  const sent = (await (await upload(v, "receipt.txt", textFile(10))).json()) as { message: { attachment: { id: string } } };
  const download = () => v.request("GET", `/conversations/${v.id}/attachments/${sent.message.attachment.id}`);
  t.clock.advance(23 * 3600_000);
  expect((await download()).status).toBe(200);
  t.clock.advance(2 * 3600_000);
  const gone = await download();
  expect(gone.status).toBe(410);
  expect(await errorOf(gone)).toBe("receipt.txt was removed: chat files are kept for a limited time.");
  const [message] = (await (await v.request("GET", `/conversations/${v.id}/messages`)).json()).messages;
  expect(message.attachment).toMatchObject({ name: "receipt.txt", removed: true });
  expect(storedBytes(t.db)).toBe(0);
});
