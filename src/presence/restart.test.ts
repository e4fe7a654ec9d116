import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, migrate, openDb } from "../db/index.ts";
import { createServices, PRESENCE_TTL_MS, type Services } from "../services.ts";
import { inProcessBus, ManualClock, silentLogger } from "../shared/index.ts";
import { insertUser } from "../../tests/support/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "sb-presence-"));
const db: Db = openDb(join(dir, "switchboard.db"));
migrate(db);
const clock = new ManualClock();
const running: Services[] = [];
afterAll(() => {
  for (const s of running.splice(0)) s.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function boot(): Services {
  const services = createServices({ db, bus: inProcessBus(() => {}), clock, log: silentLogger });
  services.start();
  running.push(services);
  return services;
}

test("after downtime longer than the presence timeout, agents keep their state while their consoles reconnect", () => {
  const ann = insertUser(db, { username: "ann" });
  const bob = insertUser(db, { username: "bob" });
  const first = boot();
  first.presence.apply(ann, { type: "login", notReady: false });
  first.presence.apply(bob, { type: "login", notReady: false });
  first.stop();
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
