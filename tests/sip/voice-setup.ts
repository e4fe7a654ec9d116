/** A running appliance ready for trunk calls: the trunk in IP mode for 127.0.0.1, a voice queue and its route. */
import { createInboundRoute, saveTrunk, TRUNK_DEFAULTS, TRUNK_UPDATED } from "../../src/trunk/index.ts";
import { BrowserLikePeer } from "../support/webrtc-peer.ts";
import { PhoneClient, sessionCookie } from "../support/kits/phone.ts";
import type { Config } from "../../src/config.ts";
import type { RunningAppliance as Appliance } from "../../src/server.ts";
import { startTestAppliance } from "../support/browser.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";

export const DID = "+41441234567";
const TEST_ACTOR = { id: null, name: "test" };

export type VoiceAppliance = Awaited<ReturnType<typeof voiceAppliance>>;

export async function voiceAppliance(overrides: Partial<Config> = {}) {
  const app = await startTestAppliance(overrides);
  const { db, clock, bus } = app.deps;
  const trunk = { ...TRUNK_DEFAULTS, enabled: true, host: "192.0.2.10", authMode: "ip" as const, allowList: ["127.0.0.1"] };
  saveTrunk(db, trunk, TEST_ACTOR, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
  const agentId = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  const queueId = insertQueue(db, { name: "Sales line", channel: "voice", members: [agentId] });
  createInboundRoute(db, { did: DID, label: "Sales", target: { kind: "queue", id: queueId } }, TEST_ACTOR, clock.now());
  const sipPort = app.sip.endpoint.local("UDP")?.port ?? 0;
  return { app, agentId, queueId, sipPort };
}

/**
 * The agent's browser phone with a werift peer in the browser's place: the same signalling the console's
 * island speaks over /phone/ws, resolved once the appliance says the media is ready.
 */
export function connectPhone(app: Appliance, agentId: string) {
  return connectPhoneAt(app.url, sessionCookie(app.deps, agentId));
}

/** The same, against an appliance at `url` (another process), signed in with a session cookie. */
export async function connectPhoneAt(url: string, cookie: string, peer?: BrowserLikePeer) {
  const client = new PhoneClient(url, { cookie, origin: url });
  const phonePeer = peer ?? (await BrowserLikePeer.create());
  await client.opened;
  phonePeer.onCandidate((candidate) => client.send({ type: "candidate", candidate }));
  client.send({ type: "offer", sdp: await phonePeer.offer() });
  await phonePeer.accept((await client.next("answer")).sdp);
  for (const m of client.received) if (m.type === "candidate") await phonePeer.pc.addIceCandidate(m.candidate);
  await client.next("ready", 10_000);
  return {
    peer: phonePeer,
    async close() {
      client.ws.close();
      await phonePeer.close();
    },
  };
}
