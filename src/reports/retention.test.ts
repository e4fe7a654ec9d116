import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { valuesOfSettings } from "../../views/admin/settings.tsx";
import { listAudit } from "../audit/index.ts";
import { getSettings, saveSettings } from "../settings/index.ts";
import { ManualClock, silentLogger } from "../shared/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { DAN, day, historyMorning } from "../../tests/support/history.ts";
import { startRetentionPurge } from "./retention.ts";

let t: TestApp;
let m: ReturnType<typeof historyMorning>;
let stop = () => {};

beforeEach(() => {
  t = makeTestApp();
  saveSettings(t.db, { timeZone: "UTC" }, t.clock.now());
  m = historyMorning(t);
});
afterEach(() => {
  stop();
  t.cleanup();
});

const DAY = 86_400_000;
const reportRows = () => (t.db.$client.query("select count(*) n from report_events").get() as { n: number }).n;

describe("retention settings on the Settings page", () => {
  test("an admin sees the limits with what they delete, saves them, and a wrong value comes back with its message", async () => {
    const c = m.as(m.boss);
    const page = await (await c.get("/admin/settings")).text();
    expect(page).toContain("Data retention");
    expect(page).toContain("Every night from 03:00 (center time), what is older than these limits is deleted for good");
    const values = { ...valuesOfSettings(getSettings(t.db)), transcriptDays: "30", reportDays: "400" };
    expect((await c.post("/admin/settings", values)).status).toBe(303);
    expect(getSettings(t.db).retention).toEqual({ transcriptDays: 30, reportDays: 400 });
    const bad = await c.post("/admin/settings", { ...values, reportDays: "-1" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Keep report rows (days) must be between 0 and 3660");
  });
});

describe("the nightly purge", () => {
  test("removes chat transcripts past their limit, then report rows past theirs, in the night, and audits the counts", async () => {
    saveSettings(t.db, { retention: { transcriptDays: 2, reportDays: 5 } }, t.clock.now());
    const rowsBefore = reportRows();
    const started = day(t);
    // The purge's own clock runs the nights; the app's stays in the morning the work was done.
    const night = new ManualClock(t.clock.now());
    stop = startRetentionPurge({ db: t.db, clock: night, log: silentLogger });
    const transcript = async () => (await (await m.as(m.boss).get(`/history/${m.chatId}`)).text()).includes(DAN.words);
    expect(await transcript()).toBe(true);

    night.advance(2 * DAY + 3600_000);
    // This day's purge ran at 03:00, when the chat was not yet two days old; the next one is due tomorrow night.
    expect(new Date(night.now()).toISOString().slice(11, 13)).toBe("10");
    expect(await transcript()).toBe(true);
    night.advance(DAY);
    expect(await transcript()).toBe(false);
    expect(await (await m.as(m.boss).get(`/history?from=${started}&text=invoice`)).text()).toContain("No interaction matches");
    expect(reportRows()).toBe(rowsBefore);
    const queues = async () => (await m.as(m.boss).get(`/reports/queues?from=${started}&interval=day`)).text();
    expect(await queues()).toContain("<td>Sales</td>");

    night.advance(3 * DAY);
    expect(reportRows()).toBe(0);
    expect(await queues()).not.toContain("<td>Sales</td>");
    const audits = listAudit(t.db, { search: "data.purged" }).rows.map((r) => JSON.parse(r.detail));
    expect(audits.map((a) => [a.chats, a.messages, a.files, a.reportRows])).toEqual([
      [0, 0, 0, rowsBefore],
      [1, 4, 1, 0],
    ]);
  });
});
