/**
 * Q6: how much disk one visitor address can fill with widget attachments. Stops by itself.
 * Usage: bun bench/upload-flood.ts [UPLOADS] [CHATS] [--binary PATH]     default: 100 uploads over 10 chats
 *
 * The appliance (the compiled executable, rebuilt when a source changed, or PATH) on loopback with a fresh
 * data folder holding CHATS waiting widget chats (pre-created: bench/chat-seed.ts). One client address then
 * sends UPLOADS files of (nearly) 8 MB, round robin over the chats: ten a chat, the widget's per-chat rate
 * limit. Reported: answers by status, the first refusal's message, the time taken, and how much the data
 * folder grew. Bounded: at most UPLOADS requests, each with a 30 s timeout.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../tests/process-helpers.ts";
import { BENCH_SITE, seedChat } from "./chat-seed.ts";
import { ensureBinary, mb, startServing } from "./lib.ts";

const argv = process.argv.slice(2);
const at = argv.indexOf("--binary");
const binary = at >= 0 ? (argv.splice(at, 2)[1] as string) : await ensureBinary();
const UPLOADS = Number(argv[0] ?? 100);
const CHATS = Number(argv[1] ?? 10);
const FILE_BYTES = 8 * 1024 * 1024 - 4096;

const folderBytes = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);

const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-upload-"));
const { sessions } = seedChat(dataDir, 1, 1, CHATS);
const port = freePort();
const app = await startServing(["--data-dir", dataDir, "--sip-port", String(freePort())], port, { command: [binary] });
try {
  const before = folderBytes(dataDir);
  const file = new File([Buffer.alloc(FILE_BYTES, "x")], "report.txt");
  const statuses = new Map<number, number>();
  let firstRefusal = "";
  const started = performance.now();
  for (let n = 0; n < UPLOADS; n++) {
    const s = sessions[n % sessions.length];
    if (!s) break;
    const form = new FormData();
    form.set("file", file);
    const res = await fetch(`http://127.0.0.1:${port}/widget/api/conversations/${s.conversationId}/attachments`, {
      method: "POST",
      headers: { origin: BENCH_SITE, authorization: `Bearer ${s.token}` },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status !== 201 && !firstRefusal) firstRefusal = `${res.status} after ${n} accepted: ${text}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const grew = folderBytes(dataDir) - before;
  console.log(`binary: ${binary}`);
  console.log(`${UPLOADS} uploads of ${mb(FILE_BYTES)} over ${CHATS} chats from one address in ${seconds.toFixed(1)} s`);
  console.log(`answers: ${[...statuses].map(([status, count]) => `${status} × ${count}`).join(", ")}`);
  console.log(`first refusal: ${firstRefusal || "none"}`);
  console.log(`data folder grew by ${mb(grew)}`);
} finally {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
