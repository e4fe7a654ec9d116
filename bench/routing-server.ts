/**
 * The appliance for bench/routing.ts, in its own process, with a bench-only control channel (Bun IPC) to
 * enqueue work: main has no public enqueue API yet. Usage: spawned by bench/routing.ts with the serve flags.
 */
import { parseArgs } from "../src/cli.ts";
import { loadConfig } from "../src/config.ts";
import { startAppliance } from "../src/server.ts";
import { customerName, type Enqueued, type FromServer, preciseNow, type ToServer } from "./routing-protocol.ts";

const send = (m: FromServer) => process.send?.(m);

async function main() {
  const { flags } = parseArgs(["serve", ...process.argv.slice(2)]);
  const appliance = await startAppliance(loadConfig({ args: flags, env: {} }), { announce: () => {} });
  const { routing } = appliance.deps;

  process.on("message", async (raw) => {
    const m = raw as ToServer;
    if (m.type === "clock") return send({ type: "clock", t: preciseNow() });
    const results: Enqueued[] = [];
    let busyMs = 0;
    for (const item of m.items) {
      const t = preciseNow();
      const i = routing.enqueue({ channel: "chat", queueId: item.queueId, customerName: customerName(item.seq) });
      busyMs += preciseNow() - t;
      results.push({ seq: item.seq, id: i.id, t });
      // One arrival per turn of the event loop, as separate HTTP requests would come: pushes flush in between.
      await new Promise((resolve) => setImmediate(resolve));
    }
    send({ type: "enqueued", results, busyMs });
  });
  process.on("SIGTERM", async () => {
    await appliance.stop();
    process.exit(0);
  });
  send({ type: "ready" });
}

await main();
