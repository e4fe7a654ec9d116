import { afterEach, beforeEach, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { trunkCheck } from "./doctor-check.ts";
import { storeReport } from "./status.ts";
import { TRUNK_DEFAULTS } from "./trunk-config.ts";
import { saveTrunk } from "./trunk-store.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const save = (over: Partial<typeof TRUNK_DEFAULTS>) =>
  saveTrunk(
    t.db,
    { ...TRUNK_DEFAULTS, host: "sip.example", username: "u", password: "p", ...over },
    { id: null, name: "t" },
    t.clock.now(),
  );

test("doctor says what the trunk is and what the serving process last reported", () => {
  const now = t.clock.now();
  const at = new Date(now).toISOString();
  expect(trunkCheck(t.db, now)).toEqual({ ok: false, warnOnly: true, detail: "not configured" });
  save({ enabled: false });
  expect(trunkCheck(t.db, now).detail).toBe("sip.example:5060 over UDP is switched off");
  save({ enabled: true });
  expect(trunkCheck(t.db, now)).toMatchObject({ warnOnly: true, detail: expect.stringContaining("no registration reported yet") });
  storeReport(t.db, { state: "failing", at: now, error: "408 Request Timeout", retryAt: now + 15_000 });
  expect(trunkCheck(t.db, now)).toEqual({
    ok: false,
    warnOnly: false,
    detail: `registration with sip.example:5060 over UDP failing since ${at}: 408 Request Timeout`,
  });
  storeReport(t.db, { state: "stopped", at: now });
  expect(trunkCheck(t.db, now)).toMatchObject({
    ok: false,
    warnOnly: true,
    detail: expect.stringContaining(`the appliance stopped at ${at}`),
  });
  save({ enabled: true, authMode: "ip", allowList: ["192.0.2.0/24"] });
  expect(trunkCheck(t.db, now)).toEqual({
    ok: true,
    warnOnly: false,
    detail: "sip.example:5060 over UDP, IP-based authentication; calls accepted from 192.0.2.0/24",
  });
});
