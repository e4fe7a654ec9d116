import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { insertUser } from "../../tests/support/browser.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import type { AudioFrame } from "../media/index.ts";
import { BrowserLikePeer } from "../../tests/support/webrtc-peer.ts";
import { getAgentPhoneLeg, PHONE_GRACE_MS } from "./index.ts";
import { PhoneClient, servePhone, sessionCookie, until } from "../../tests/support/kits/phone.ts";

let t: TestApp;
let served: ReturnType<typeof servePhone>;
let agentId: string;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  t = makeTestApp();
  served = servePhone(t);
  agentId = await insertUser(t.db, { username: "ann" });
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await served.stop();
  t.cleanup();
});

/** What the console island does, with a werift peer in the browser's place: connect, offer, trickle. */
async function openPhone() {
  const client = new PhoneClient(served.url, { cookie: sessionCookie(t, agentId), origin: served.url });
  const peer = await BrowserLikePeer.create();
  closers.push(
    () => client.ws.close(),
    () => peer.close(),
  );
  await client.opened;
  peer.onCandidate((candidate) => client.send({ type: "candidate", candidate }));
  client.send({ type: "offer", sdp: await peer.offer() });
  await peer.accept((await client.next("answer")).sdp);
  for (const m of client.received) if (m.type === "candidate") await peer.pc.addIceCandidate(m.candidate);
  return { client, peer };
}

const tone = (i: number): AudioFrame => ({
  codec: "PCMU",
  payload: new Uint8Array(160).fill(0x7f),
  source: 9,
  timestamp: i * 160,
  marker: false,
});

async function talk(peer: BrowserLikePeer, count: number) {
  const phone = getAgentPhoneLeg(t.deps, agentId);
  if (!phone) throw new Error("no phone");
  for (let i = 0; i < count; i++) {
    phone.sendFrame(tone(i));
    peer.sendFrame(0x55);
    if (i % 10 === 9) await Bun.sleep(5);
  }
}

describe("the agent's phone leg", () => {
  test("an offer over the WebSocket is answered; once media is up the page hears 'ready' and audio flows both ways", async () => {
    const { client, peer } = await openPhone();
    expect(await client.next("ready")).toEqual({ type: "ready", codec: "PCMU" });
    const phone = getAgentPhoneLeg(t.deps, agentId);
    expect(phone?.state).toBe("ready");
    const heard: AudioFrame[] = [];
    phone?.onFrame((f) => heard.push(f));
    await talk(peer, 60);
    await until("frames both ways", () => heard.length >= 55 && peer.framesReceived >= 55);
    expect(heard[0]?.payload).toEqual(new Uint8Array(160).fill(0x55));
  });

  test("after a reload the same leg carries the new connection's audio; its listener stays attached", async () => {
    const first = await openPhone();
    await first.client.next("ready");
    const phone = getAgentPhoneLeg(t.deps, agentId);
    let heard = 0;
    phone?.onFrame(() => heard++);
    first.client.ws.close();
    await first.peer.close();
    await until("the phone to be away", () => phone?.state === "away");

    const second = await openPhone();
    await second.client.next("ready");
    expect(getAgentPhoneLeg(t.deps, agentId)).toBe(phone);
    await talk(second.peer, 60);
    await until("frames both ways again", () => heard >= 55 && second.peer.framesReceived >= 55);
  });

  test("a phone whose page stays away past the grace time is unregistered and its leg closed", async () => {
    const { client } = await openPhone();
    await client.next("ready");
    const phone = getAgentPhoneLeg(t.deps, agentId);
    client.ws.close();
    await until("the phone to be away", () => phone?.state === "away");
    t.clock.advance(PHONE_GRACE_MS - 1);
    expect(getAgentPhoneLeg(t.deps, agentId)).toBe(phone);
    t.clock.advance(1);
    expect(getAgentPhoneLeg(t.deps, agentId)).toBeNull();
    expect(phone?.closed).toBe(true);
    expect(phone?.state).toBe("off");
  });

  test("the page's hangup ends the media connection but keeps the phone registered", async () => {
    const { client } = await openPhone();
    await client.next("ready");
    const phone = getAgentPhoneLeg(t.deps, agentId);
    client.send({ type: "hangup" });
    await until("the phone to be connecting", () => phone?.state === "connecting");
    expect(getAgentPhoneLeg(t.deps, agentId)).toBe(phone);
    expect(phone?.closed).toBe(false);
  });
});
