/**
 * FEATURES D1–D3 on the real artefact: the compiled executable, copied alone into an empty folder (no
 * node_modules, no sources beside it), migrates an empty data folder and serves pages, static files and HTTPS.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { eq } from "drizzle-orm";
import { openDb } from "../src/db/index.ts";
import { interactions } from "../src/routing/interactions-schema.ts";
import { BINARY_DID, seedVoiceDataDir } from "./binary-voice-seed.ts";
import { cleanEnv, freePort, type Running, run, start, waitForOutput, waitUntil } from "./process-helpers.ts";
import { startCaller } from "./sip/caller.ts";
import { decodeToPcm } from "../src/media/g711.ts";
import { RtpTestPeer } from "./support/rtp-peer.ts";
import { answeredPort, Provider } from "./sip/call-provider.ts";
import { udpPeer, waitFor } from "./sip/support.ts";
import { TONE_MP3, toneShare } from "./support/audio.ts";
import { seedAdmin, TEST_PASSWORD, TestClient } from "./support/harness.ts";

const root = mkdtempSync(join(tmpdir(), "sb-binary-"));
const runDir = join(root, "run");
const binary = join(runDir, "switchboard");

beforeAll(async () => {
  const built = join(root, "build", "switchboard");
  const result = await run(["bun", "scripts/build.ts", built], { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
  mkdirSync(runDir);
  copyFileSync(built, binary);
  await run(["chmod", "+x", binary]);
}, 130_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts the copied executable from its empty folder; PATH has no bun in it. */
function startBinary(args: string[]): Running {
  return start([binary, ...args], { cwd: runDir, env: cleanEnv({ PATH: "/usr/bin:/bin" }) });
}

async function healthy(url: string, init: BunFetchRequestInit = {}): Promise<true | undefined> {
  try {
    return (await fetch(`${url}/healthz`, init)).status === 200 ? true : undefined;
  } catch {
    return undefined;
  }
}

describe("compiled executable", () => {
  test("starts alone in an empty folder, migrates an empty data folder and serves pages and static files", async () => {
    expect(readdirSync(runDir)).toEqual(["switchboard"]);
    const dataDir = join(root, "data-http");
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = startBinary(["--data-dir", dataDir, "--tls", "off", "--http-port", String(port), "--sip-port", "0"]);
    try {
      await waitUntil("/healthz to answer 200", () => healthy(url), 15_000, app.output);
      const login = await fetch(`${url}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain("Sign in");
      const htmx = await fetch(`${url}/static/htmx.min.js`);
      expect(htmx.status).toBe(200);
      expect((await htmx.text()).length).toBeGreaterThan(10_000);

      const [, link] = await waitForOutput(app, /one-time link to create the administrator:\s+(\S+)/);
      expect(app.stdout()).toContain(link as string);
      expect(link).toStartWith(`${url}/setup/`);
      const setup = await fetch(link as string);
      expect(setup.status).toBe(200);
      expect(app.output()).toContain('"applied":["0000_init"');
    } finally {
      expect(await app.stop()).toBe(0);
    }
    expect(readdirSync(dataDir)).toContain("switchboard.db");
  }, 30_000);

  test("serves HTTPS with a self-signed certificate made at first run and prints its fingerprint", async () => {
    const dataDir = join(root, "data-https");
    const port = freePort();
    const app = startBinary(["--data-dir", dataDir, "--http-host", "127.0.0.1", "--http-port", String(port), "--sip-port", "0"]);
    try {
      const url = `https://127.0.0.1:${port}`;
      await waitUntil("/healthz over HTTPS", () => healthy(url, { tls: { rejectUnauthorized: false } }), 15_000, app.output);
      const [, printed] = await waitForOutput(app, /certificate SHA-256 fingerprint: ([0-9A-F:]{95})/);
      expect(app.stdout()).toContain(`fingerprint: ${printed}`);
      const onDisk = new X509Certificate(readFileSync(join(dataDir, "tls", "self-signed.crt"))).fingerprint256;
      expect(printed).toBe(onDisk);
      expect(await servedFingerprint(port)).toBe(onDisk);
      const login = await fetch(`${url}/login`, { tls: { rejectUnauthorized: false } });
      expect(login.status).toBe(200);
      expect(login.headers.get("strict-transport-security")).toContain("max-age");
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 30_000);
});

describe("compiled executable with a trunk", () => {
  test("answers an inbound sipp call, queues it as a voice interaction and records the caller's hang-up", async () => {
    const dataDir = join(root, "data-voice");
    seedVoiceDataDir(join(dataDir, "switchboard.db"));
    const port = freePort();
    const sipPort = freePort();
    const app = startBinary(["--data-dir", dataDir, "--tls", "off", "--http-port", String(port), "--sip-port", String(sipPort)]);
    try {
      await waitUntil("/healthz to answer 200", () => healthy(`http://127.0.0.1:${port}`), 15_000, app.output);
      const caller = startCaller({ scenario: "uac-inbound-rtp.xml", sipPort, did: BINARY_DID, pauseMs: 1_000 });
      const result = await caller.done;
      expect(result, result.output).toMatchObject({ exitCode: 0, errors: "" });
      const db = openDb(join(dataDir, "switchboard.db"));
      const rows = db.select().from(interactions).where(eq(interactions.channel, "voice")).all();
      db.$client.close();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ customerAddress: "+41799999999", status: "ended", endReason: "abandoned" });
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 40_000);

  test("converts an uploaded MP3 to the department's hold music, which a caller then hears", async () => {
    const dataDir = join(root, "data-music");
    mkdirSync(dataDir);
    const dbPath = join(dataDir, "switchboard.db");
    const queueId = seedVoiceDataDir(dbPath);
    const db = openDb(dbPath);
    await seedAdmin(db);
    db.$client.close();
    const port = freePort();
    const sipPort = freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = startBinary(["--data-dir", dataDir, "--tls", "off", "--http-port", String(port), "--sip-port", String(sipPort)]);
    const sip = await udpPeer();
    const rtp = await RtpTestPeer.open();
    try {
      await waitUntil("/healthz to answer 200", () => healthy(url), 15_000, app.output);
      const admin = new TestClient({
        request: (input, init) => fetch(input.replace("http://localhost", url), { ...init, redirect: "manual" }),
      });
      await admin.get("/login");
      expect((await admin.post("/login", { username: "boss", password: TEST_PASSWORD }, { origin: url })).status).toBe(303);
      const form = new FormData();
      form.set("file", new File([await Bun.file(TONE_MP3).bytes()], "tone.mp3", { type: "audio/mpeg" }));
      const uploaded = await admin.post(`/admin/queues/${queueId}/audio/music`, form, { origin: url });
      expect(uploaded.status, await uploaded.clone().text()).toBe(303);

      const provider = new Provider(sip, rtp, sipPort);
      provider.invite({ did: BINARY_DID });
      const media = answeredPort(await provider.response(200));
      provider.ack();
      rtp.send(media, new Uint8Array(160).fill(0xd5), 8);
      await waitFor(() => rtp.received.length >= 60, "a second of hold music", 10_000);
      const frames = rtp.received.slice(5, 60).map((p) => decodeToPcm(p.payload, p.payloadType === 0 ? "PCMU" : "PCMA"));
      expect(frames.filter((f) => toneShare(f, 1500) > 0.9).length).toBeGreaterThanOrEqual(50);
      provider.bye();
    } finally {
      sip.close();
      rtp.close();
      expect(await app.stop()).toBe(0);
    }
  }, 40_000);
});

/** The SHA-256 fingerprint of the certificate the server actually presents. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: "localhost", rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once("error", reject);
  });
}
