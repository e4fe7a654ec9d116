/**
 * FEATURES Q2 limits from the appliance's settings: beyond --max-calls calls with the trunk, a new INVITE is
 * answered 503; beyond --max-calls-per-second new INVITEs a second, 503 with Retry-After.
 */
import { afterEach, expect, test } from "bun:test";
import { RtpTestPeer } from "../support/rtp-peer.ts";
import { Provider } from "./call-provider.ts";
import { udpPeer } from "./support.ts";
import { type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

let v: VoiceAppliance;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await v.app.cleanup();
});

async function provider(): Promise<Provider> {
  const [sip, rtp] = [await udpPeer(), await RtpTestPeer.open()];
  closers.push(
    () => sip.close(),
    () => rtp.close(),
  );
  return new Provider(sip, rtp, v.sipPort);
}

test("--max-calls: the call beyond the limit is refused 503 while the first waits in the queue", async () => {
  v = await voiceAppliance({ maxCalls: 1 });
  const first = await provider();
  first.invite();
  await first.response(200);
  first.ack();
  const second = await provider();
  second.invite();
  expect(await second.response(503)).toContain("Too many calls");
  expect(v.app.calls.activeCalls).toBe(1);
});

test("--max-calls-per-second: INVITEs beyond the rate are answered 503 with Retry-After", async () => {
  v = await voiceAppliance({ maxCallsPerSecond: 2 });
  const answers: string[] = [];
  for (let i = 0; i < 3; i++) {
    const p = await provider();
    p.invite();
    const text = await p.next("an answer");
    answers.push(/^SIP\/2\.0 (\d{3})/.exec(text.startsWith("SIP/2.0 100") ? await p.next("a final answer") : text)?.[1] ?? "");
    if (answers.length === 3) expect(text).toContain("Retry-After");
  }
  expect(answers).toEqual(["200", "200", "503"]);
});
