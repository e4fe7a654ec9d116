/**
 * `--rtp-ports` and `--media-address` as a running appliance applies them to trunk calls: the SDP answer to
 * an INVITE names the media address and an RTP port from the configured range. Nothing is sent to that
 * address: the test provider reads the answer, then hangs up.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { RtpTestPeer } from "../support/rtp-peer.ts";
import { answeredPort, Provider } from "./call-provider.ts";
import { udpPeer, waitFor } from "./support.ts";
import { type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

const RANGE = { first: 31_000, last: 31_099 };
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  v = await voiceAppliance({ rtpPorts: RANGE, mediaAddress: "203.0.113.7" });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

test("a trunk call's SDP answer carries the configured media address and a port from the configured range", async () => {
  const sip = await udpPeer();
  const rtp = await RtpTestPeer.open();
  closers.push(
    () => sip.close(),
    () => rtp.close(),
  );
  const provider = new Provider(sip, rtp, v.sipPort);
  provider.invite();
  const ok = await provider.response(200);
  provider.ack();
  expect(ok).toMatch(/^c=IN IP4 203\.0\.113\.7\r$/m);
  const port = answeredPort(ok);
  expect(port % 2).toBe(0);
  expect(port).toBeGreaterThanOrEqual(RANGE.first);
  expect(port).toBeLessThan(RANGE.last);
  // SIP itself still speaks from its own address: only the media address moved.
  expect(ok).toMatch(/^Contact: <sip:[^@>]*@?127\.0\.0\.1:/m);
  provider.bye();
  await provider.response(200);
  await waitFor(() => v.app.calls.activeCalls === 0, "the call to end");
});
