/**
 * FEATURES V2 and V4 with a real browser and a real SIP peer: sipp calls the appliance's trunk with RTP from a
 * capture, the agent's console in Chromium (fake microphone) rings, Answer joins the browser's phone to the
 * caller, audio flows both ways, the call's buttons work, and Hang up ends it with BYE/200 at sipp.
 */
import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { saveSettings } from "../../src/settings/index.ts";
import { shown, textOf } from "../support/browser.ts";
import { pcapSsrc, startCaller } from "../sip/caller.ts";
import { DID } from "../sip/voice-setup.ts";
import { inboundPackets, phoneConsole, voiceBrowserKit, within } from "./voice-kit.ts";

setDefaultTimeout(60_000);
const kit = voiceBrowserKit();

beforeEach(async () => {
  saveSettings(kit.voice.app.deps.db, { attachedFields: ["Customer ID"] }, Date.now());
});

test("a trunk call rings in the console; Answer brings audio both ways; Mute, Hold and the keypad work, the caller's digits show; Hang up ends it at sipp", async () => {
  const page = await phoneConsole(kit, kit.voice.agentId);

  const caller = startCaller({ scenario: "uac-inbound-hangup.xml", sipPort: kit.voice.sipPort, did: DID, timeoutSeconds: 40 });
  try {
    const card = page.locator("#offers .offer", { hasText: "Carol Caller" });
    await shown(card, 10_000);
    expect(await textOf(card)).toContain("Incoming voice");
    // sipp sends X-Customer-Id (a configured field: shown by its name) and X-Campaign (no field: not shown).
    expect(await textOf(card)).toContain("Customer ID\n4711");
    expect(await textOf(card)).not.toContain("spring");
    const before = await inboundPackets(page);
    await card.getByRole("button", { name: "Answer" }).click();

    const hangUp = page.getByRole("button", { name: "Hang up" });
    await shown(hangUp, 5_000);
    const [work] = kit.voice.app.deps.routing.openWork(kit.voice.agentId);
    const call = kit.voice.app.calls.find(work?.id ?? "");
    if (!call) throw new Error("no call for the answered interaction");
    // What the browser says comes back from sipp's echo with our stream's SSRC, not the capture's.
    let echoed = 0;
    const capture = pcapSsrc();
    call.listen({ frame: (side, frame) => void (side === "a" && frame.source !== capture && echoed++) });
    await within("the caller's audio in the browser and the browser's audio at sipp", 8_000, async () => {
      return (await inboundPackets(page)) - before > 50 && echoed > 50;
    });

    await page.getByRole("button", { name: "Mute" }).click();
    await shown(page.getByRole("button", { name: "Unmute" }));
    await page.getByRole("button", { name: "Hold" }).click();
    await shown(page.getByRole("button", { name: "Resume" }));
    expect(await textOf(page.locator(".voice-status"))).toBe("On hold (muted): the caller hears music.");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("button", { name: "Unmute" }).click();
    await shown(page.getByRole("button", { name: "Mute" }));

    const sent = page.waitForResponse((res) => res.url().endsWith("/dtmf"));
    await page.getByRole("group", { name: "Keypad" }).getByRole("button", { name: "5", exact: true }).click();
    const digit = await sent;
    expect([digit.status(), digit.request().postData()]).toEqual([204, expect.stringContaining("digit=5")]);
    // sipp's -rtp_echo sends the RFC 4733 event back, so the same digit arrives as the caller's and is pushed to the panel.
    await within(
      "the caller's digit in the panel",
      5_000,
      async () => (await textOf(page.locator(".voice-digits"))) === "Caller pressed: 5",
    );

    await hangUp.click();
    expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
    await within(
      "the tab to say the call ended",
      5_000,
      async () => (await textOf(page.locator(".voice-status"))) === "The call has ended.",
    );
    expect(kit.voice.app.calls.activeCalls).toBe(0);
  } finally {
    caller.kill();
  }
});
