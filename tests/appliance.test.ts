import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import { type Appliance, applianceCore, buildAppliance, startSip } from "../src/appliance.ts";
import { type Config, DEFAULTS } from "../src/config.ts";
import { migrate, openDb } from "../src/db/index.ts";
import type { AppEvents } from "../src/events.ts";
import { type EventBus, inProcessBus, ManualClock, silentLogger, type TimerHandle } from "../src/shared/index.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";

/** A bus that counts the subscriptions still attached. */
function countingBus(): EventBus<AppEvents> & { attached(): number } {
  const bus = inProcessBus<AppEvents>((name, err) => {
    throw new Error(`handler of ${name} failed: ${err}`);
  });
  let attached = 0;
  return {
    publish: (name, payload) => bus.publish(name, payload),
    subscribe(name, handler) {
      attached++;
      const off = bus.subscribe(name, handler);
      let done = false;
      return () => {
        if (!done) attached--;
        done = true;
        off();
      };
    },
    attached: () => attached,
  };
}

/** A manual clock that counts the timers still pending. */
class CountingClock extends ManualClock {
  readonly pending = new Set<number>();
  override setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = super.setTimeout(() => {
      this.pending.delete(handle.id);
      fn();
    }, ms);
    this.pending.add(handle.id);
    return handle;
  }
  override clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle.id);
    super.clearTimeout(handle);
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-appliance-"));
  dirs.push(dataDir);
  const config: Config = Object.freeze({ ...DEFAULTS, dataDir, tls: "off", httpHost: "127.0.0.1", sipPort: 0 });
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const bus = countingBus();
  const clock = new CountingClock();
  return { bus, clock, core: applianceCore(config, db, { bus, clock, log: silentLogger }) };
}

/** Work that arms timers in many parts: an agent Ready and rung by a chat, a phone gone with its grace running. */
function busyDay(appliance: Appliance) {
  const { db, presence, routing, phones } = appliance.deps;
  const agentId = insertUser(db, { username: "ann" });
  const queueId = insertQueue(db, { name: "Sales", channel: "chat", members: [agentId] });
  presence.apply(agentId, { type: "login", notReady: false });
  routing.enqueue({ channel: "chat", queueId, customerName: "Carla" });
  expect(routing.ringingOffers(agentId)).toHaveLength(1);
  const session = phones.connect(agentId, { send: () => {}, close: () => {} });
  phones.disconnected(session);
  expect(phones.get(agentId)?.state).toBe("away");
  return agentId;
}

test("the appliance, SIP and voice included, leaves no bus subscription and no timer behind once stopped", async () => {
  const { bus, clock, core } = setUp();
  const sip = await startSip(core);
  const appliance = buildAppliance(core, { sip, baseUrl: () => "http://127.0.0.1:9" });
  expect(appliance.parts).toContain("call service");
  appliance.start();
  const agentId = busyDay(appliance);
  expect(bus.attached()).toBeGreaterThan(30);
  expect(clock.pending.size).toBeGreaterThan(3);

  await appliance.stop();
  expect(bus.attached()).toBe(0);
  expect([...clock.pending]).toEqual([]);
  expect(appliance.deps.phones.get(agentId)).toBeNull();
});

test("building the web routes, once or twice, subscribes to nothing and arms no timer", async () => {
  const { bus, clock, core } = setUp();
  const appliance = buildAppliance(core, { background: false });
  appliance.start();
  const before = { subscriptions: bus.attached(), timers: clock.pending.size };
  createApp(appliance.deps);
  createApp(appliance.deps);
  expect({ subscriptions: bus.attached(), timers: clock.pending.size }).toEqual(before);
  await appliance.stop();
  expect(bus.attached()).toBe(0);
});
