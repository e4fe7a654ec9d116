import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { saveSettings } from "../settings/index.ts";
import { twoTeams } from "../../tests/support/kits/supervisor.ts";

let t: TestApp;
let f: ReturnType<typeof twoTeams>;

/** A morning's work: Ann answers a Sales call after 12 s, Bob a Billing chat; one caller gives up. */
beforeEach(() => {
  t = makeTestApp();
  f = twoTeams(t);
  const { routing, presence } = t.deps;
  presence.apply(f.ann, { type: "login", notReady: false });
  presence.apply(f.bob, { type: "login", notReady: false });
  presence.apply(f.ann, { type: "choose_not_ready", reason: "Coffee" });
  const call = routing.enqueue({ channel: "voice", queueId: f.sales });
  routing.enqueue({ channel: "voice", queueId: f.sales });
  t.clock.advance(3000);
  routing.abandon(routing.get(routing.enqueue({ channel: "voice", queueId: f.sales }).id).id);
  t.clock.advance(9000);
  presence.apply(f.ann, { type: "choose_ready" });
  routing.accept((routing.ringingOffers(f.ann)[0] as { id: string }).id, f.ann);
  t.clock.advance(60_000);
  routing.end(call.id, f.ann);
  const chat = routing.enqueue({ channel: "chat", queueId: f.billing });
  routing.accept((routing.ringingOffers(f.bob)[0] as { id: string }).id, f.bob);
  t.clock.advance(30_000);
  routing.end(chat.id, f.bob);
});
afterEach(() => t.cleanup());

const day = () => new Date(t.clock.now()).toISOString().slice(0, 10);

/** The cells of the page's report table, header row first, as a reader sees them. */
function tableCells(html: string): string[][] {
  const table = html.match(/<table id="report-table">([\s\S]*?)<\/table>/)?.[1] ?? "";
  const decode = (s: string) =>
    s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1] as string)),
  );
}

const csvCells = (csv: string) =>
  csv
    .trimEnd()
    .split("\r\n")
    .map((l) => l.split(","));

describe("who may read which report", () => {
  test("an agent gets no report page and no CSV; the menu shows Reports to supervisors only", async () => {
    for (const path of ["/reports/queues", "/reports/agents", "/reports/queues.csv", "/reports/agents.csv"]) {
      const res = await f.as(f.ann).get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("You do not have access to this page.");
    }
    expect(await (await f.as(f.ann).get("/console")).text()).not.toContain('href="/reports/queues"');
    expect(await (await f.as(f.sue).get("/supervisor")).text()).toContain('href="/reports/queues">Reports</a>');
  });

  test("a supervisor cannot read another team's agent or department, by page or by CSV", async () => {
    for (const path of [`/reports/agents?agent=${f.bob}`, `/reports/agents.csv?agent=${f.bob}`]) {
      const res = await f.as(f.sue).get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("That agent is not in your teams");
    }
    const dept = await f.as(f.sue).get(`/reports/queues.csv?queue=${f.billing}`);
    expect(dept.status).toBe(403);
    expect(await dept.text()).toContain("That department is not in your teams' view");
    const all = await (await f.as(f.sue).get(`/reports/agents?from=${day()}`)).text();
    expect(all).toContain("Ann");
    expect(all).not.toContain(">Bob<");
    const queuesPage = await (await f.as(f.sue).get(`/reports/queues?from=${day()}`)).text();
    expect(queuesPage).toContain("Sales");
    expect(queuesPage).not.toContain("Billing");
  });

  test("an admin reads every team's agents and every department", async () => {
    const page = await (await f.as(f.boss).get(`/reports/agents?from=${day()}`)).text();
    expect(tableCells(page).map((r) => r[1])).toEqual(expect.arrayContaining(["Ann", "Bob"]));
    expect(await (await f.as(f.boss).get(`/reports/queues?from=${day()}&queue=${f.billing}`)).text()).toContain("Billing");
  });
});

describe("what the reports show", () => {
  test("the queue report shows the morning's figures, and its CSV holds exactly the table shown", async () => {
    const html = await (await f.as(f.sue).get(`/reports/queues?from=${day()}&interval=day`)).text();
    const cells = tableCells(html);
    const head = cells[0] as string[];
    const total = cells.find((r) => r[0] === "Total") as string[];
    const at = (name: string) => total[head.indexOf(name)];
    expect([at("Department"), at("Offered"), at("Answered"), at("Abandoned"), at("Abandoned within 5 s"), at("Still waiting")]).toEqual([
      "Sales",
      "3",
      "1",
      "1",
      "1",
      "1",
    ]);
    expect([at("Average speed of answer"), at("Average handle time"), at("Service level %")]).toEqual(["0:00:12", "0:01:00", "50"]);
    const csv = await f.as(f.sue).get(`/reports/queues.csv?from=${day()}&interval=day`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csvCells(await csv.text())).toEqual(cells);
  });

  test("the agent report shows Not Ready by reason and handled work; its CSV equals the table", async () => {
    const html = await (await f.as(f.sue).get(`/reports/agents?from=${day()}`)).text();
    const cells = tableCells(html);
    const head = cells[0] as string[];
    const ann = cells[1] as string[];
    expect(ann[head.indexOf("Agent")]).toBe("Ann");
    expect(ann[head.indexOf("Handled voice")]).toBe("1");
    expect(ann[head.indexOf("Not Ready: Coffee")]).toBe("0:00:12");
    expect(ann[head.indexOf("Talk time")]).toBe("0:01:00");
    expect(html).toContain('data-chart="');
    expect(csvCells(await (await f.as(f.sue).get(`/reports/agents.csv?from=${day()}`)).text())).toEqual(cells);
  });

  test("intervals follow the center's time-zone setting", async () => {
    const hours = async () => tableCells(await (await f.as(f.sue).get("/reports/queues?from=2026-01-05")).text()).map((r) => r[0]);
    saveSettings(t.db, { timeZone: "UTC" }, t.clock.now());
    expect(await hours()).toContain("2026-01-05 09:00");
    saveSettings(t.db, { timeZone: "Asia/Tokyo" }, t.clock.now());
    const tokyo = await hours();
    expect(tokyo).toContain("2026-01-05 18:00");
    expect(tokyo).not.toContain("2026-01-05 09:00");
  });

  test("a wrong date or a range too long for the interval is refused with a message", async () => {
    const bad = await f.as(f.sue).get("/reports/queues?from=yesterday");
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("The first day is not a date.");
    const long = await f.as(f.sue).get("/reports/queues?from=2026-01-01&to=2026-03-01&interval=15min");
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("a report covers at most 7 days");
  });
});
