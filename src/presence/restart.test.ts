import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Appliance, applianceCore, buildAppliance, PRESENCE_TTL_MS } from "../appliance.ts";
import { DEFAULTS } from "../config.ts";
import { migrate, openDb } from "../db/index.ts";
import { inProcessBus, ManualClock, silentLogger } from "../shared/index.ts";
import type { AppEvents } from "../events.ts";
import { insertUser } from "../../tests/support/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "sb-presence-"));
const file = join(dir, "switchboard.db");
const created = openDb(file);
migrate(created);
created.$client.close();
const config = { ...DEFAULTS, dataDir: dir };
const clock = new ManualClock();
const running: Appliance[] = [];
afterAll(async () => {
  for (const a of running.splice(0)) await a.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The appliance starting on the database the last run left behind. */
function boot(): Appliance["deps"] & { stop(): Promise<void> } {
  const core = applianceCore(config, openDb(file), { clock, bus: inProcessBus<AppEvents>(() => {}), log: silentLogger });
  const appliance = buildAppliance(core, { background: false });
  appliance.start();
  running.push(appliance);
  return { ...appliance.deps, stop: () => appliance.stop() };
}

test("after downtime longer than the presence timeout, agents keep their state while their consoles reconnect", async () => {
  const first = boot();
  const ann = insertUser(first.db, { username: "ann" });
  const bob = insertUser(first.db, { username: "bob" });
  first.presence.apply(ann, { type: "login", notReady: false });
  first.presence.apply(bob, { type: "login", notReady: false });
  await first.stop();
  clock.advance(5 * 60_000);

  const { presence } = boot();
  clock.advance(30_000);
  expect([presence.get(ann).state, presence.get(bob).state]).toEqual(["ready", "ready"]);

  // Ann's console came back and beats; Bob's never did, so he is marked away once the timeout has passed.
  presence.heartbeat(ann);
  clock.advance(PRESENCE_TTL_MS);
  expect(presence.get(ann).state).toBe("ready");
  expect(presence.get(bob)).toMatchObject({ state: "not_ready", reason: "Away (connection lost)" });
});
