import { afterEach, beforeEach, expect, test } from "bun:test";
import { mailTranscript, postVisitorMessage } from "../chat/index.ts";
import { mailOutbox } from "../integrations/mail/schema.ts";
import { getSettings, saveSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../tests/support/kits/console-chat.ts";

/** The center's time zone (Admin → Settings): every time agents, supervisors and admins see is in it. */
let t: TestApp;
beforeEach(() => {
  t = makeTestApp(); // the clock reads 2026-01-05 09:00 UTC: 18:00 in Tokyo
});
afterEach(() => t.cleanup());

test("the default is the box's own zone", () => {
  expect(getSettings(t.db).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
});

test("chat message times in the console and the transcript are in the center's zone", async () => {
  saveSettings(t.db, { timeZone: "Asia/Tokyo" }, t.clock.now());
  const { ann, sales, as } = chatTeam(t);
  const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
  t.clock.advance(65_000);
  postVisitorMessage(t.deps, conversation, { body: "Where is my order?" });
  const html = await (await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).text();
  expect(html).toContain('<time class="muted" datetime="2026-01-05T09:01:05.000Z">18:01</time>');

  mailTranscript(t.deps, conversation, "vera@home.test");
  const mail = t.db.select().from(mailOutbox).get();
  expect(mail?.text).toContain("Started 2026-01-05 18:00:00 (Asia/Tokyo)");
  expect(mail?.text).toContain("[2026-01-05 18:01:05] Vera Visitor: Where is my order?");
});
