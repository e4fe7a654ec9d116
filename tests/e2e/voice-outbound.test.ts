/**
 * FEATURES V3 with a real browser and a real SIP peer: the agent types a number on the console's dial pad,
 * the appliance calls it through the trunk (sipp as the far end, echoing the audio it hears), the call opens
 * as a work tab that rings and connects with audio both ways, and Hang up ends it with BYE/200 at sipp.
 * A busy number is told to the agent; an agent without the permission may dial extensions only.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { users } from "../../src/auth/schema.ts";
import { shown, textOf } from "../support/browser.ts";
import { inboundPackets, outsideFarEnd, phoneConsole, voiceBrowserKit, within } from "./voice-kit.ts";

setDefaultTimeout(60_000);
const kit = voiceBrowserKit();
const farEnd = outsideFarEnd(kit);

async function console(permissions: string[]): Promise<Page> {
  kit.voice.app.deps.db
    .update(users)
    .set({ permissions: JSON.stringify(permissions) })
    .where(eq(users.id, kit.voice.agentId))
    .run();
  return phoneConsole(kit, kit.voice.agentId);
}

async function dialOnPad(page: Page, digits: string): Promise<void> {
  const pad = page.getByRole("group", { name: "Dial pad" });
  for (const key of digits) await pad.getByRole("button", { name: key, exact: true }).click();
  await page.getByRole("button", { name: "Dial", exact: true }).click();
}

test("the agent dials on the pad, hears it ring, talks with audio both ways and hangs up with BYE at the far end", async () => {
  const sipp = await farEnd("uas-outbound-answer.xml");
  const page = await console(["voice", "outside_calls"]);
  await dialOnPad(page, "0441234999");
  const status = page.locator(".voice-status");
  await within("the ringing", 5_000, async () => (await textOf(status)) === "Ringing at the other end…");
  await within("the answer", 5_000, async () => (await textOf(status)) === "Connected.");
  expect(await page.locator("#dial-number").inputValue()).toBe("");
  expect(await textOf(page.locator('[role="tab"][aria-selected="true"]'))).toContain("0441234999");
  const before = await inboundPackets(page);
  // sipp sends back what the browser's fake microphone says: audio went out and came back through the appliance.
  await within("the echoed audio in the browser", 8_000, async () => (await inboundPackets(page)) - before > 50);
  await page.getByRole("button", { name: "Hang up" }).click();
  expect(await sipp.finished).toMatchObject({ exitCode: 0, errors: "" });
  await within("the tab to close", 5_000, async () => (await page.locator('[role="tab"]').count()) === 0);
});

test("a busy number is told to the agent and leaves no tab open", async () => {
  const sipp = await farEnd("uas-outbound-busy.xml");
  const page = await console(["voice", "outside_calls"]);
  await dialOnPad(page, "0441234999");
  await shown(page.locator("#flash", { hasText: "The call to 0441234999 did not connect: the line is busy." }), 5_000);
  expect((await sipp.finished).exitCode).toBe(0);
  expect(await page.locator('[role="tab"]').count()).toBe(0);
});

test("without the outside-calls permission the pad dials extensions only and says so", async () => {
  const page = await console(["voice"]);
  expect(await textOf(page.locator("#dial-hint"))).toBe("A colleague's extension.");
  await page.locator("#dial-number").fill("0441234999");
  await page.getByRole("button", { name: "Dial", exact: true }).click();
  await shown(page.locator("#flash", { hasText: "You may call colleagues by their extension only." }), 5_000);
  expect(kit.voice.app.calls.activeCalls).toBe(0);
});
