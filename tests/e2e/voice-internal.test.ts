/**
 * FEATURES V3, agent to agent, in two real browsers: Ann dials Bob's extension on the dial pad, Bob's console
 * rings with Ann's name, Bob answers, both browsers receive audio (each fake microphone reaches the other
 * through the appliance), and Ann's Hang up closes the call in both consoles.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { users } from "../../src/auth/schema.ts";
import { shown, textOf } from "../support/browser.ts";
import { insertUser } from "../support/fixtures.ts";
import { inboundPackets, phoneConsole, voiceBrowserKit, within } from "./voice-kit.ts";

setDefaultTimeout(60_000);
const kit = voiceBrowserKit();

const consoleOf = (userId: string) => phoneConsole(kit, userId);

test("Ann calls Bob by extension: Bob's console rings, both hear each other, and Hang up ends it for both", async () => {
  const { db, presence } = kit.voice.app.deps;
  db.update(users).set({ fullName: "Ann Agent", extension: "1001" }).where(eq(users.id, kit.voice.agentId)).run();
  const bobId = insertUser(db, { username: "bob", fullName: "Bob Builder", extension: "1002" });
  presence.apply(bobId, { type: "login", notReady: false });
  const ann = await consoleOf(kit.voice.agentId);
  const bob = await consoleOf(bobId);

  await ann.locator("#dial-number").fill("1002");
  await ann.getByRole("button", { name: "Dial", exact: true }).click();
  await within("Ann hears it ring", 5_000, async () => (await textOf(ann.locator(".voice-status"))) === "Ringing at the other end…");
  const card = bob.locator("#offers .offer", { hasText: "Ann Agent" });
  await shown(card, 10_000);
  expect(await textOf(card)).toContain("1001");
  await card.getByRole("button", { name: "Answer" }).click();

  for (const page of [ann, bob])
    await within("Connected", 5_000, async () => (await textOf(page.locator(".voice-status"))) === "Connected.");
  expect(await bob.getByRole("button", { name: "Transfer" }).count()).toBe(0);
  const [annBefore, bobBefore] = [await inboundPackets(ann), await inboundPackets(bob)];
  await within("audio both ways", 8_000, async () => {
    return (await inboundPackets(ann)) - annBefore > 50 && (await inboundPackets(bob)) - bobBefore > 50;
  });

  await ann.getByRole("button", { name: "Hang up" }).click();
  for (const page of [ann, bob]) await within("the tab to close", 5_000, async () => (await page.locator('[role="tab"]').count()) === 0);
  expect(kit.voice.app.calls.activeCalls).toBe(0);
});
