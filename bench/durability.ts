/**
 * Decision 017: what it costs chat messages to survive a power loss.
 * Usage: bun bench/durability.ts [MESSAGES] [--build NAME=FILE ...] [RATE] [SECONDS]   default: 3000 150 20
 *
 * 1. The real write path of a visitor's message (postVisitorMessage: checks, BEGIN IMMEDIATE, update, insert,
 *    commit) in this process on a file in the temp folder, one message after another: NORMAL (the commit is not
 *    synced), FULL (SQLite syncs the WAL at each commit), NORMAL + whenDurable (the appliance's way: one shared
 *    sync of the WAL before the answer). The most messages a second one writer commits, and each one's latency.
 * 2. For each --build (executables made with `bun scripts/build.ts FILE` from the variants to compare), the
 *    appliance end to end: RATE messages a second for SECONDS over HTTP, the time from each send to its 201.
 */
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { getConversation, postVisitorMessage } from "../src/chat/index.ts";
import { openDb, whenDurable } from "../src/db/index.ts";
import type { AppEvents } from "../src/events.ts";
import { inProcessBus, systemClock } from "../src/shared/index.ts";
import { backupDuringFlood } from "./backup-flood.ts";
import { seedChat } from "./chat-seed.ts";
import { ms, percentile } from "./lib.ts";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const builds: [string, string][] = [];
for (let build = option("--build"); build; build = option("--build")) builds.push(build.split("=", 2) as [string, string]);
const [messages = 3000, rate = 150, seconds = 20] = argv.map(Number);
const loadavg = async () => (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ");

type Mode = "NORMAL" | "FULL" | "NORMAL + whenDurable";

async function inProcess(mode: Mode): Promise<{ perSecond: number; latencies: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-durability-"));
  try {
    const sessions = seedChat(dataDir, 1, 1, 100).sessions;
    const db = openDb(join(dataDir, "switchboard.db"));
    db.$client.exec(`PRAGMA synchronous = ${mode === "FULL" ? "FULL" : "NORMAL"}`);
    const deps = { db, bus: inProcessBus<AppEvents>(() => {}), clock: systemClock() };
    const conversations = sessions.map((s) => getConversation(db, s.conversationId));
    const latencies: number[] = [];
    const started = performance.now();
    for (let n = 0; n < messages; n++) {
      const t = performance.now();
      postVisitorMessage(deps, conversations[n % conversations.length] as (typeof conversations)[number], {
        body: `message ${n}`,
        clientId: `m${n}`,
      });
      if (mode === "NORMAL + whenDurable") await whenDurable(db);
      latencies.push(performance.now() - t);
    }
    const perSecond = messages / ((performance.now() - started) / 1000);
    db.$client.close();
    return { perSecond, latencies: latencies.sort((a, b) => a - b) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`${new Date().toISOString()}  nproc ${cpus().length}, ${cpus()[0]?.model}; tmp ${tmpdir()}`);
console.log(`in-process, ${messages} messages one after another (load ${await loadavg()})`);
console.log("| synchronous | messages/s | p50 | p99 | max |");
console.log("| --- | --- | --- | --- | --- |");
for (const mode of ["NORMAL", "FULL", "NORMAL + whenDurable", "NORMAL", "FULL", "NORMAL + whenDurable"] as const) {
  const r = await inProcess(mode);
  const l = r.latencies;
  console.log(
    `| ${mode} | ${r.perSecond.toFixed(0)} | ${ms(percentile(l, 50))} | ${ms(percentile(l, 99))} | ${ms(l[l.length - 1] ?? 0)} |`,
  );
}

if (builds.length) {
  console.log(`\nappliance over HTTP, ${rate} messages/s for ${seconds} s (load ${await loadavg()})`);
  console.log("| build | acknowledged | 5xx | ack p50 | ack p99 | ack max |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [name, binary] of builds) {
    const r = await backupDuringFlood({ command: [binary], rate, seconds, backups: 0 });
    const l = r.ackMs;
    const cells = [r.acknowledged, r.serverErrors, ms(percentile(l, 50)), ms(percentile(l, 99)), ms(l[l.length - 1] ?? 0)];
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
}
