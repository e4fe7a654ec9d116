/**
 * The agents of bench/p2.ts: each signs in (GET /console, which makes them Ready) and connects a browser phone
 * over /phone/ws with a werift peer in the browser's place (tests/sip/voice-setup.ts), whose media is a
 * WebrtcEnd: it sends stamped 20 ms PCMU frames and counts what the appliance bridges to it.
 */
import { BrowserLikePeer } from "../tests/support/webrtc-peer.ts";
import { connectPhoneAt } from "../tests/sip/voice-setup.ts";
import { WebrtcEnd } from "./webrtc-end.ts";

export type AgentPhone = { end: WebrtcEnd; close(): Promise<void> };

async function connectOne(base: string, cookie: string, window: () => number): Promise<AgentPhone> {
  const peer = await BrowserLikePeer.create();
  const end = new WebrtcEnd(window);
  peer.transceiver.onTrack.subscribe((track) => end.hear(track));
  const phone = await connectPhoneAt(base, cookie, peer);
  end.sender = peer.transceiver.sender;
  const page = await fetch(`${base}/console`, { headers: { cookie } });
  await page.arrayBuffer();
  if (page.status !== 200) throw new Error(`GET /console answered ${page.status}`);
  return { end, close: () => phone.close() };
}

/** Every agent's phone connected and Ready, `width` handshakes at a time (each wait inside is bounded). */
export async function connectPhones(base: string, cookies: string[], window: () => number, width = 8): Promise<AgentPhone[]> {
  const phones: AgentPhone[] = [];
  let next = 0;
  const lane = async () => {
    while (next < cookies.length) phones.push(await connectOne(base, cookies[next++] as string, window));
  };
  await Promise.all(Array.from({ length: width }, lane));
  return phones;
}
