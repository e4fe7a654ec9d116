import { afterEach, beforeEach, expect, test } from "bun:test";
import { mailOutbox } from "../integrations/mail/schema.ts";
import { getSettings, saveSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { TRANSCRIPT_LIMITS } from "./conversation-routes.ts";
import { setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ({ sales } = setUpWidget(t));
  saveSettings(t.db, { smtp: { ...getSettings(t.db).smtp, host: "mail.center.test" } }, t.clock.now());
});
afterEach(() => t.cleanup());

const queued = () => t.db.select({ to: mailOutbox.to }).from(mailOutbox).all();
const ask = (v: Visitor, body: Record<string, unknown> = {}) => v.request("POST", `/conversations/${v.id}/transcript`, body);
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

test("a visitor's transcript goes only to the address of the pre-chat form; another address is refused and nothing is mailed", async () => {
  const v = await new Visitor(t).start(sales, { email: "vera@home.test" });
  await v.send("Please forward this to my boss");
  const elsewhere = await ask(v, { email: "victim@elsewhere.test" });
  expect(elsewhere.status).toBe(422);
  expect(await errorOf(elsewhere)).toBe("The transcript can only go to the address you gave when the chat started (vera@home.test).");
  expect(queued()).toEqual([]);
  expect((await ask(v)).status).toBe(202);
  expect(queued()).toEqual([{ to: "vera@home.test" }]);
});

test("while no mail server is configured the visitor is told mail is unavailable, and nothing waits in the outbox", async () => {
  saveSettings(t.db, { smtp: { ...getSettings(t.db).smtp, host: "" } }, t.clock.now());
  const v = await new Visitor(t).start(sales);
  const res = await ask(v, { email: "vera@home.test" });
  expect(res.status).toBe(503);
  expect(await errorOf(res)).toBe("Email is not available right now, so the transcript cannot be sent.");
  expect(queued()).toEqual([]);
});

test("one transcript per chat, a few per destination a day and per client address an hour", async () => {
  const v = await new Visitor(t, undefined, "198.51.100.1").start(sales);
  expect((await ask(v)).status).toBe(202);
  const again = await ask(v);
  expect(again.status).toBe(429);
  expect(await errorOf(again)).toBe("The transcript of this chat was sent to vera@home.test already.");

  // The same destination from chats on other addresses.
  for (let n = 1; n < TRANSCRIPT_LIMITS.perDestination.count; n++)
    expect((await ask(await new Visitor(t, undefined, `198.51.100.${n + 1}`).start(sales))).status).toBe(202);
  const flooded = await ask(await new Visitor(t, undefined, "198.51.100.99").start(sales));
  expect(flooded.status).toBe(429);
  expect(await errorOf(flooded)).toBe("vera@home.test received several transcripts today already. Try again tomorrow.");

  // Many destinations from one address.
  const from = (n: number) => new Visitor(t, undefined, "203.0.113.7").start(sales, { email: `person${n}@home.test` });
  for (let n = 0; n < TRANSCRIPT_LIMITS.perAddress.count; n++) expect((await ask(await from(n))).status).toBe(202);
  const tooMany = await ask(await from(99));
  expect(tooMany.status).toBe(429);
  expect(await errorOf(tooMany)).toBe("Too many transcripts were asked for from your network. Try again later.");
  expect(queued()).toHaveLength(TRANSCRIPT_LIMITS.perDestination.count + TRANSCRIPT_LIMITS.perAddress.count);
});
