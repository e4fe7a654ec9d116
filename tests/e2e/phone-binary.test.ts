/**
 * werift inside the compiled executable: the binary, alone in an empty folder, answers a browser-like
 * peer's offer over /phone/ws and completes ICE-lite and DTLS-SRTP with it on loopback ("ready").
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BrowserLikePeer } from "../support/webrtc-peer.ts";
import { PhoneClient } from "../support/kits/phone.ts";
import { cleanEnv, freePort, type Running, run, start, waitForOutput, waitUntil } from "../process-helpers.ts";
import { TEST_PASSWORD } from "../support/harness.ts";

const root = mkdtempSync(join(tmpdir(), "sb-phone-binary-"));
const binary = join(root, "run", "switchboard");
let app: Running;
let url: string;

beforeAll(async () => {
  const built = join(root, "build", "switchboard");
  const result = await run(["bun", "scripts/build.ts", built], { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
  mkdirSync(join(root, "run"));
  copyFileSync(built, binary);
  await run(["chmod", "+x", binary]);
  const port = freePort();
  url = `http://127.0.0.1:${port}`;
  const args = ["--data-dir", join(root, "data"), "--tls", "off", "--http-port", String(port), "--sip-port", String(freePort())];
  app = start([binary, ...args], {
    cwd: join(root, "run"),
    env: cleanEnv({ PATH: "/usr/bin:/bin", SWITCHBOARD_ADMIN_PASSWORD: TEST_PASSWORD }),
  });
  // Generous: argon2 for the first admin and a cold start share two cores with the rest of the suite.
  await waitForOutput(app, /created the admin account "admin"/, 60_000);
}, 130_000);
afterAll(async () => {
  await app?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Signs in through the real form and returns the cookie header a browser would then send. */
async function signIn(): Promise<string> {
  const page = await fetch(`${url}/login`);
  const csrf = /sb_csrf=([^;]+)/.exec(page.headers.getSetCookie().join("; "))?.[1] ?? "";
  const form = new URLSearchParams({ username: "admin", password: TEST_PASSWORD, _csrf: csrf });
  const res = await fetch(`${url}/login`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { cookie: `sb_csrf=${csrf}`, origin: url },
  });
  const session = /sb_session=([^;]+)/.exec(res.headers.getSetCookie().join("; "))?.[1];
  if (res.status !== 303 || !session) throw new Error(`sign-in failed: ${res.status}`);
  return `sb_csrf=${csrf}; sb_session=${session}`;
}

test("the compiled executable answers a WebRTC offer and reaches DTLS-SRTP on loopback", async () => {
  const client = new PhoneClient(url, { cookie: await signIn(), origin: url });
  const peer = await BrowserLikePeer.create();
  try {
    await client.opened;
    peer.onCandidate((candidate) => client.send({ type: "candidate", candidate }));
    client.send({ type: "offer", sdp: await peer.offer() });
    const answer = await client.next("answer", 10_000);
    expect(answer.sdp).toContain("a=ice-lite");
    expect(answer.sdp).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8\r$/m);
    await peer.accept(answer.sdp);
    expect(await client.next("ready", 10_000)).toEqual({ type: "ready", codec: "PCMU" });
    await waitUntil("the browser side connected", () => (peer.pc.connectionState === "connected" ? true : undefined), 5_000);
  } finally {
    client.ws.close();
    await peer.close();
  }
  expect(app.output()).not.toContain("ECONNREFUSED");
}, 30_000);

test("the executable serves the phone island and simple-peer's browser build", async () => {
  const island = await fetch(`${url}/static/phone.js`);
  expect(island.status).toBe(200);
  expect(await island.text()).toContain("/phone/ws");
  const simplePeer = await fetch(`${url}/static/simplepeer.min.js`);
  expect(simplePeer.headers.get("content-type")).toStartWith("text/javascript");
  expect(await simplePeer.text()).toContain("SimplePeer");
});
