/**
 * FEATURES V4 DTMF end to end on loopback with sipp as the provider: the caller's digits as RFC 4733 events
 * (Debian's sip-tester captures) and as SIP INFO reach the agent's call view, and the agent's keypad reaches
 * a caller who offered no telephone-events as SIP INFO, which the scenario checks digit by digit.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { startCaller } from "./caller.ts";
import { waitFor } from "./support.ts";
import { connectPhone, DID, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

setDefaultTimeout(30_000);
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  v = await voiceAppliance();
  v.app.deps.presence.apply(v.agentId, { type: "login", notReady: false });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

/** sipp calls in with `scenario`; resolves once the agent has answered on their (werift) phone, with the call's interaction. */
async function answered(scenario: string, pauseMs: number) {
  const phone = await connectPhone(v.app, v.agentId);
  closers.push(() => phone.close());
  const caller = startCaller({ scenario, sipPort: v.sipPort, did: DID, pauseMs });
  closers.push(() => caller.kill());
  const { routing } = v.app.deps;
  await waitFor(() => routing.ringingOffers(v.agentId).length === 1, "the offer", 8_000);
  const offer = routing.ringingOffers(v.agentId)[0];
  routing.accept(offer?.id ?? "", v.agentId);
  const interactionId = offer?.interactionId ?? "";
  expect(v.app.calls.view(interactionId)).toMatchObject({ state: "connected", digits: [] });
  return { caller, interactionId, digits: () => v.app.calls.view(interactionId).digits.join("") };
}

test("RFC 4733 digits the caller presses through the bridge to the agent's phone show in the call view", async () => {
  const call = await answered("uac-inbound-dtmf-rfc4733.xml", 1_500);
  expect(v.app.calls.view(call.interactionId).bridged).toBe(true);
  await waitFor(() => call.digits() === "123#", "the caller's 1 2 3 # in the view", 6_000);
  expect(await call.caller.done).toMatchObject({ exitCode: 0, errors: "" });
});

test("digits in SIP INFO are answered 200 and show in the call view; an INFO with another body is 415", async () => {
  const call = await answered("uac-inbound-dtmf-info.xml", 1_500);
  await waitFor(() => call.digits() === "4*", "the caller's 4 * in the view", 6_000);
  expect(await call.caller.done).toMatchObject({ exitCode: 0, errors: "" });
  expect(v.app.calls.view(call.interactionId).state).toBe("ended");
});

test("to a caller without telephone-events the agent's keypad digits arrive as SIP INFO", async () => {
  const call = await answered("uac-inbound-info-keypad.xml", 0);
  expect(v.app.calls.view(call.interactionId).keypad).toBe(true);
  v.app.calls.sendDigit(call.interactionId, v.agentId, "7");
  v.app.calls.sendDigit(call.interactionId, v.agentId, "#");
  expect(await call.caller.done).toMatchObject({ exitCode: 0, errors: "" });
});
