/**
 * The trunk's registration against sipp as the provider's registrar, through the whole appliance (port 0
 * for SIP, the manual clock). sipp answers in real time; the appliance's timers move only with the clock.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { getTrunk, TRUNK_DEFAULTS, TRUNK_UPDATED, type TrunkConfig, saveTrunk, trunkCheck, trunkStatus } from "../../src/trunk/index.ts";
import { startTestAppliance } from "../support/browser.ts";
import { waitFor } from "./support.ts";
import { startSippServer } from "./trunk-sipp-server.ts";

type App = Awaited<ReturnType<typeof startTestAppliance>>;
const running: App[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.cleanup();
});

async function applianceWithTrunk(trunk: Partial<TrunkConfig>): Promise<App> {
  const app = await startTestAppliance();
  running.push(app);
  const { db, bus, clock } = app.deps;
  const config = {
    ...TRUNK_DEFAULTS,
    enabled: true,
    host: "127.0.0.1",
    username: "trunkuser",
    password: "trunk-pass",
    expiresS: 120,
    ...trunk,
  };
  saveTrunk(db, config, { id: null, name: "test" }, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
  return app;
}

const sample = async (app: App, series: string) => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe.each(["UDP", "TCP"] as const)("registration with sipp as the registrar over %s", (transport) => {
  test("the 401 is answered with a digest sipp verifies; registered; refreshed at half the expiry; removed at shutdown", async () => {
    const sipp = await startSippServer("registrar-digest.xml", transport);
    const app = await applianceWithTrunk({ port: sipp.port, transport });
    const {
      deps: { db },
      clock,
    } = app;
    await waitFor(() => trunkStatus(db, clock.now()).state === "registered", "the registration");
    const first = trunkStatus(db, clock.now());
    expect(first).toMatchObject({ state: "registered", until: clock.now() + 120_000 });
    expect(app.sip.registered).toBe(true);
    expect(await sample(app, "switchboard_trunk_registered")).toBe(1);
    expect(trunkCheck(db, clock.now())).toEqual({
      ok: true,
      warnOnly: false,
      detail: `registered with 127.0.0.1:${sipp.port} over ${transport} until ${new Date(clock.now() + 120_000).toISOString()}`,
    });

    clock.advance(60_000);
    const renewed = () => trunkStatus(db, clock.now());
    await waitFor(() => renewed().state === "registered" && (renewed().at ?? 0) > (first.at ?? 0), "the refresh");
    expect(renewed().until).toBe(clock.now() + 120_000);

    // Switching the trunk off removes the registration (Expires: 0), which ends sipp's scenario.
    saveTrunk(db, { ...getTrunk(db), enabled: false }, { id: null, name: "test" }, clock.now());
    app.deps.bus.publish(TRUNK_UPDATED, { changed: [] });
    const run = await sipp.finished;
    expect({ exit: run.exitCode, errors: run.errors }).toEqual({ exit: 0, errors: "" });
  });
});

test("a registrar that refuses (403) shows the failure with its reason, on the page's status and in doctor", async () => {
  const sipp = await startSippServer("registrar-refuse.xml");
  const app = await applianceWithTrunk({ port: sipp.port });
  const {
    deps: { db },
    clock,
  } = app;
  await waitFor(() => trunkStatus(db, clock.now()).state === "failing", "the refusal");
  expect(trunkStatus(db, clock.now())).toEqual({
    state: "failing",
    detail: "403 Account Blocked",
    at: clock.now(),
    until: clock.now() + 15_000,
  });
  expect(app.sip.registered).toBe(false);
  expect(await sample(app, "switchboard_trunk_registered")).toBe(0);
  expect(trunkCheck(db, clock.now())).toMatchObject({
    ok: false,
    warnOnly: false,
    detail: expect.stringContaining(": 403 Account Blocked"),
  });
  expect((await sipp.finished).exitCode).toBe(0);
});
