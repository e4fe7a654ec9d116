/**
 * Q6: how many widget event streams one visitor token, and one address, can hold open. Stops by itself.
 * Usage: bun bench/widget-streams.ts [STREAMS] [CHATS] [--binary PATH]     default: 3000 streams, 20 chats
 *
 * The appliance (the compiled executable, rebuilt when a source changed, or PATH) on loopback with CHATS
 * waiting widget chats (pre-created: bench/chat-seed.ts). Phase 1: STREAMS event streams on one token.
 * Phase 2: three streams on each of the CHATS tokens, all from the same address. Reported per phase: answers
 * by status, streams still open once all were asked for, and the appliance's open file descriptors and
 * resident memory before and after. Bounded: every request has a 10 s timeout, every stream is closed at
 * the end of its phase.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../tests/process-helpers.ts";
import { BENCH_SITE, type ChatBenchSession, seedChat } from "./chat-seed.ts";
import { ensureBinary, mb, rssBytes, startServing } from "./lib.ts";

// Bun's fetch runs at most 256 requests at once unless told otherwise; the streams must all be open together.
if (!process.env.BUN_CONFIG_MAX_HTTP_REQUESTS) {
  const again = Bun.spawn([process.execPath, ...process.argv.slice(1)], {
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: "65535" },
    stdio: ["inherit", "inherit", "inherit"],
  });
  process.exit(await again.exited);
}

const argv = process.argv.slice(2);
const at = argv.indexOf("--binary");
const binary = at >= 0 ? (argv.splice(at, 2)[1] as string) : await ensureBinary();
const STREAMS = Number(argv[0] ?? 3000);
const CHATS = Number(argv[1] ?? 20);

const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-streams-"));
const { sessions } = seedChat(dataDir, 1, 1, CHATS);
const port = freePort();
const app = await startServing(["--data-dir", dataDir, "--sip-port", String(freePort())], port, { command: [binary] });
const pid = app.proc.pid;
const fds = () => readdirSync(`/proc/${pid}/fd`).length;

type Stream = { status: number; abort: AbortController; open: () => boolean };

/** Opens one event stream and reads it in the background; `open()` is false once the appliance ended it. */
async function openStream(s: ChatBenchSession): Promise<Stream> {
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(), 10_000);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/widget/api/conversations/${s.conversationId}/events`, {
      headers: { origin: BENCH_SITE, authorization: `Bearer ${s.token}`, accept: "text/event-stream" },
      signal: abort.signal,
    });
    clearTimeout(timeout);
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return { status: res.status, abort, open: () => false };
    }
    let ended = false;
    const reader = res.body.getReader();
    void (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {}
      ended = true;
    })();
    return { status: 200, abort, open: () => !ended };
  } catch {
    clearTimeout(timeout);
    return { status: 0, abort, open: () => false };
  }
}

async function phase(name: string, targets: ChatBenchSession[]) {
  const [fdBefore, rssBefore] = [fds(), await rssBytes(pid)];
  const streams: Stream[] = [];
  for (let i = 0; i < targets.length; i += 100) streams.push(...(await Promise.all(targets.slice(i, i + 100).map((s) => openStream(s)))));
  await Bun.sleep(500); // the appliance closes replaced streams; let the ends arrive
  const [fdAfter, rssAfter] = [fds(), await rssBytes(pid)];
  const statuses = new Map<number, number>();
  for (const s of streams) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  console.log(`${name}: ${targets.length} asked for`);
  console.log(`  answers: ${[...statuses].map(([status, count]) => `${status} × ${count}`).join(", ")}`);
  console.log(`  still open: ${streams.filter((s) => s.open()).length}`);
  console.log(`  appliance fds ${fdBefore} → ${fdAfter} (+${fdAfter - fdBefore}), RSS ${mb(rssBefore)} → ${mb(rssAfter)}`);
  for (const s of streams) s.abort.abort();
  await Bun.sleep(500);
}

try {
  console.log(`binary: ${binary}`);
  await phase(
    "one token",
    Array.from({ length: STREAMS }, () => sessions[0] as ChatBenchSession),
  );
  await phase(
    `${CHATS} tokens × 3, one address`,
    sessions.flatMap((s) => [s, s, s]),
  );
} finally {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
