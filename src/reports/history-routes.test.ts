import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { listAudit } from "../audit/index.ts";
import { users } from "../auth/schema.ts";
import { saveSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { CARLA, DAN, day, grantReports, historyMorning } from "../../tests/support/history.ts";

let t: TestApp;
let m: ReturnType<typeof historyMorning>;

beforeEach(() => {
  t = makeTestApp();
  saveSettings(t.db, { timeZone: "UTC" }, t.clock.now());
  m = historyMorning(t);
});
afterEach(() => t.cleanup());

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

/** The result table's cells as a reader sees them, header row first. */
function cells(html: string): string[][] {
  const table = html.match(/<table id="history-table">([\s\S]*?)<\/table>/)?.[1] ?? "";
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1] as string)),
  );
}

/** The customers found by a search, newest first. */
async function customersFound(as: string, query: string): Promise<string[]> {
  const res = await m.as(as).get(`/history?from=${day(t)}&${query}`);
  expect(res.status).toBe(200);
  return cells(await res.text())
    .slice(1)
    .map((r) => r[1] as string);
}

describe("who may read which interaction", () => {
  test("a supervisor finds their team's and departments' interactions only, and another team's is not there for them", async () => {
    expect(await customersFound(m.sue, "")).toEqual([CARLA.name, CARLA.name]);
    expect(await customersFound(m.tom, "")).toEqual([DAN.name]);
    const other = await m.as(m.sue).get(`/history/${m.chatId}`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain("There is no such interaction in your view.");
    expect((await m.as(m.sue).get(`/history/${m.chatId}/files/x`)).status).toBe(404);
    expect((await m.as(m.tom).get(`/history/${m.chatId}`)).status).toBe(200);
    const asked = await m.as(m.sue).get(`/history.csv?from=${day(t)}&agent=${m.bob}`);
    expect(asked.status).toBe(403);
  });

  test("an agent needs the Reports permission, then sees their own interactions only", async () => {
    const refused = await m.as(m.ann).get("/history");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("needs the Reports permission");
    expect(await (await m.as(m.ann).get("/console")).text()).not.toContain('href="/history"');
    grantReports(t, m.ann);
    expect(await (await m.as(m.ann).get("/console")).text()).toContain('href="/history"');
    expect(await customersFound(m.ann, "")).toEqual([CARLA.name]);
    expect((await m.as(m.ann).get(`/history/${m.callId}`)).status).toBe(200);
    expect((await m.as(m.ann).get(`/history/${m.againId}`)).status).toBe(404);
    expect((await m.as(m.ann).get(`/history/${m.chatId}`)).status).toBe(404);
  });

  test("an agent whose profile masks customer numbers sees them masked in the results, the CSV and the detail page", async () => {
    grantReports(t, m.ann);
    t.db.update(users).set({ maskSensitive: true }).where(eq(users.id, m.ann)).run();
    const masked = "+•• •• ••• 1234";
    const html = decode(await (await m.as(m.ann).get(`/history?from=${day(t)}`)).text());
    expect(html).toContain(masked);
    expect(html).not.toContain(CARLA.number);
    expect(await (await m.as(m.ann).get(`/history.csv?from=${day(t)}`)).text()).not.toContain(CARLA.number);
    const detail = decode(await (await m.as(m.ann).get(`/history/${m.callId}`)).text());
    expect(detail).toContain(masked);
    expect(detail).not.toContain(CARLA.number);
    expect(decode(await (await m.as(m.sue).get(`/history/${m.callId}`)).text())).toContain(CARLA.number);
  });

  test("an admin reads every interaction", async () => {
    expect((await customersFound(m.boss, "")).sort()).toEqual([CARLA.name, CARLA.name, DAN.name].sort());
  });
});

describe("searching", () => {
  test("by name, number, email, agent, department, channel, disposition, attached data and chat text", async () => {
    const find = (q: string) => customersFound(m.boss, q);
    expect(await find("customer=carla")).toEqual([CARLA.name, CARLA.name]);
    expect(await find(`customer=${encodeURIComponent("555 1234")}`)).toEqual([CARLA.name, CARLA.name]);
    expect(await find("customer=DAN%40EXAMPLE")).toEqual([DAN.name]);
    expect(await find(`agent=${m.bob}`)).toEqual([DAN.name]);
    expect(await find(`queue=${m.sales}`)).toEqual([CARLA.name, CARLA.name]);
    expect(await find("channel=chat")).toEqual([DAN.name]);
    expect(await find("disposition=Resolved")).toEqual([CARLA.name]);
    expect(await find(`attached=${CARLA.account.toLowerCase()}`)).toEqual([CARLA.name]);
    expect(await find("text=INVOICE%204411")).toEqual([DAN.name]);
    expect(await find("customer=100%25")).toEqual([]);
  });

  test("the channel filter offers the channels that carry work (voice, chat), not those still to come", async () => {
    const html = await (await m.as(m.boss).get("/history")).text();
    expect(html).toContain('<option value="chat"');
    expect(html).toContain('<option value="voice"');
    expect(html).not.toContain('<option value="video"');
    expect(html).not.toContain('<option value="email"');
  });

  test("the date range is the center's days: yesterday finds nothing; a bad or too long range is refused with a message", async () => {
    const yesterday = new Date(t.clock.now() - 86_400_000).toISOString().slice(0, 10);
    const html = await (await m.as(m.boss).get(`/history?from=${yesterday}&to=${yesterday}`)).text();
    expect(html).toContain("No interaction matches this search.");
    const bad = await m.as(m.boss).get("/history?from=monday");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The first day is not a date.");
    const long = await m.as(m.boss).get("/history?from=2024-01-01&to=2026-01-01");
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("A search covers at most 366 days.");
  });

  test("results come a page at a time, newest first; the next page goes on where the first stopped", async () => {
    for (let n = 0; n < 55; n++) {
      t.clock.advance(1000);
      t.deps.routing.abandon(t.deps.routing.enqueue({ channel: "voice", queueId: m.sales, customerName: `Caller ${n}` }).id);
    }
    const first = await (await m.as(m.boss).get(`/history?from=${day(t)}`)).text();
    const rows = cells(first).slice(1);
    expect(rows).toHaveLength(50);
    expect(rows[0]?.[1]).toBe("Caller 54");
    const next = decode(first.match(/<a href="([^"]+)">Older interactions<\/a>/)?.[1] ?? "");
    const second = cells(await (await m.as(m.boss).get(next)).text()).slice(1);
    expect(second.map((r) => r[1])).toEqual(["Caller 4", "Caller 3", "Caller 2", "Caller 1", "Caller 0", DAN.name, CARLA.name, CARLA.name]);
  });

  test("the CSV export holds exactly the rows and cells shown", async () => {
    const html = await (await m.as(m.boss).get(`/history?from=${day(t)}&queue=${m.sales}`)).text();
    const csv = await m.as(m.boss).get(`/history.csv?from=${day(t)}&queue=${m.sales}`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text())
      .trimEnd()
      .split("\r\n")
      .map((l) => l.split(",").map((cell) => cell.replace(/^'(?=[+=@-])/, "")));
    expect(lines).toEqual(cells(html));
    expect(lines[1]?.[2]).toBe(CARLA.number);
    expect(lines[2]).toContain("Resolved");
  });
});

describe("the detail page", () => {
  test("shows the timeline, attached data and wrap-up of a call", async () => {
    const html = decode(await (await m.as(m.sue).get(`/history/${m.callId}`)).text());
    const order = [
      "Queued in Sales",
      "Offered to Ann",
      "Accepted by Ann after 0:00:08",
      "Ended by Ann (completed)",
      "Wrapped up by Ann: Resolved",
    ];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((n) => n > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain(CARLA.account);
    expect(html).toContain(`Carla asked about ${CARLA.account}`);
    const again = decode(await (await m.as(m.sue).get(`/history/${m.againId}`)).text());
    expect(again).toContain("The customer left Sales after 0:00:04");
  });

  test("shows a chat's transcript with its file as a link, the rating and the comment", async () => {
    const html = await (await m.as(m.boss).get(`/history/${m.chatId}`)).text();
    expect(decode(html)).toContain(DAN.words);
    expect(decode(html)).toContain("4 of 5");
    expect(decode(html)).toContain("Quick help, thanks Dan");
    const link = html.match(/href="(\/history\/[^"]+\/files\/[^"]+)">bill.png/)?.[1] as string;
    const file = await m.as(m.boss).get(link);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("attachment");
    expect((await m.as(m.tom).get(link)).status).toBe(403);
  });
});

describe("forget this customer", () => {
  test("only an admin may, after a confirmation page", async () => {
    expect((await m.as(m.sue).get(`/history/${m.callId}/forget`)).status).toBe(403);
    expect((await m.as(m.sue).post(`/history/${m.callId}/forget`, {})).status).toBe(403);
    const confirm = await (await m.as(m.boss).get(`/history/${m.callId}/forget`)).text();
    expect(confirm).toContain("2 interactions with the same number or email");
    expect(await customersFound(m.boss, "customer=carla")).toHaveLength(2);
  });

  test("after forgetting, searches by name, number or email find nothing, and the queue report's counts are unchanged", async () => {
    const report = async () => (await m.as(m.boss).get(`/reports/queues.csv?from=${day(t)}&interval=day`)).text();
    const before = await report();
    const done = await m.as(m.boss).post(`/history/${m.callId}/forget`, {});
    expect(done.status).toBe(303);
    const chat = await m.as(m.boss).post(`/history/${m.chatId}/forget`, {});
    expect(chat.status).toBe(303);
    for (const q of ["customer=carla", "customer=555", "customer=dan%40example", `attached=${CARLA.account}`, "text=invoice"])
      expect(await customersFound(m.boss, q)).toEqual([]);
    expect(await report()).toBe(before);
    const page = decode(await (await m.as(m.boss).get(`/history/${m.chatId}?forgotten=1`)).text());
    expect(page).toContain("The customer was forgotten");
    expect(page).not.toContain(DAN.words);
    expect(page).not.toContain("bill.png");
    expect(page).not.toContain("Quick help");
    expect(page).toContain("4 of 5");
    const call = decode(await (await m.as(m.boss).get(`/history/${m.callId}`)).text());
    expect(call).not.toContain(CARLA.name);
    expect(call).not.toContain(CARLA.account);
    expect(call).toContain("Wrapped up by Ann: Resolved");
    const audit = listAudit(t.db, { search: "customer.forgotten" }).rows.map((r) => JSON.parse(r.detail));
    expect(audit).toEqual(
      expect.arrayContaining([
        { interactions: 2, messages: 0, files: 0 },
        { interactions: 1, messages: 4, files: 1 },
      ]),
    );
  });
});
