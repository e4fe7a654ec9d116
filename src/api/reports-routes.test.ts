import { afterEach, beforeEach, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { tokenFor } from "../../tests/support/kits/api.ts";
import { twoTeams } from "../../tests/support/kits/supervisor.ts";

/** Report figures through the API (FEATURES I3, S4) are the report pages' own, for the same filters. */
let t: TestApp;
let f: ReturnType<typeof twoTeams>;
let secret: string;

beforeEach(() => {
  t = makeTestApp();
  f = twoTeams(t);
  secret = tokenFor(t.db, t.clock.now(), f.boss, ["reports:read"]).secret;
  const { routing, presence } = t.deps;
  presence.apply(f.ann, { type: "login", notReady: false });
  const answered = routing.enqueue({ channel: "voice", queueId: f.sales });
  t.clock.advance(7000);
  routing.accept((routing.ringingOffers(f.ann)[0] as { id: string }).id, f.ann);
  t.clock.advance(45_000);
  routing.end(answered.id, f.ann);
  routing.enqueue({ channel: "chat", queueId: f.billing });
});
afterEach(() => t.cleanup());

const day = () => new Date(t.clock.now()).toISOString().slice(0, 10);

async function api(path: string, token = secret) {
  const res = await t.app.request(`http://localhost/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as { columns: string[]; rows: string[][]; error?: { message: string } } };
}

async function csv(path: string): Promise<string[][]> {
  const text = await (await f.as(f.boss).get(path)).text();
  return text
    .trimEnd()
    .split("\r\n")
    .map((l) => l.split(","));
}

test("the queue report equals the page's CSV for the same day, interval and department", async () => {
  const mine = await api(`/reports/queues?from=${day()}&to=${day()}&interval=hour&departmentId=${f.sales}`);
  expect(mine.status).toBe(200);
  const [headers, ...rows] = await csv(`/reports/queues.csv?from=${day()}&to=${day()}&interval=hour&queue=${f.sales}`);
  expect(mine.json).toMatchObject({ from: day(), to: day(), interval: "hour", columns: headers, rows });
  expect(rows.at(-1)?.slice(0, 5)).toEqual(["Total", "Sales", "voice", "1", "1"]);

  const chats = await api(`/reports/queues?from=${day()}&interval=day&channel=chat`);
  const [, ...chatRows] = await csv(`/reports/queues.csv?from=${day()}&interval=day&channel=chat`);
  expect(chats.json.rows).toEqual(chatRows);
  expect(chatRows.map((r) => r[1])).toEqual(["Billing", "Billing"]);
});

test("the agent report equals the page's CSV, for everyone and for one agent", async () => {
  const [headers, ...rows] = await csv(`/reports/agents.csv?from=${day()}`);
  expect((await api(`/reports/agents?from=${day()}`)).json).toMatchObject({ columns: headers, rows });
  const [, ...annRows] = await csv(`/reports/agents.csv?from=${day()}&agent=${f.ann}`);
  expect((await api(`/reports/agents?from=${day()}&agentId=${f.ann}`)).json.rows).toEqual(annRows);
  expect(annRows).toEqual([expect.arrayContaining(["Ann", "0:00:45"])]);
  // By day, an agent report covers more than the 31 days an hourly one may.
  const month = `/reports/agents?from=2025-11-01&to=${day()}&interval=day`;
  expect((await api(month)).json.rows).toEqual((await csv(`/reports/agents.csv?from=2025-11-01&to=${day()}&interval=day`)).slice(1));
});

test("bad filters get the page's messages; a token without reports:read gets 403", async () => {
  expect(await api("/reports/queues?from=yesterday")).toMatchObject({
    status: 422,
    json: { error: { message: "The first day is not a date." } },
  });
  expect((await api(`/reports/queues?from=${day()}&interval=15min&to=2099-01-01`)).status).toBe(422);
  expect((await api("/reports/queues?departmentId=none")).status).toBe(404);
  expect((await api("/reports/agents?agentId=none")).status).toBe(404);
  expect((await api("/reports/queues?interval=month")).status).toBe(400);
  const other = tokenFor(t.db, t.clock.now(), f.boss, ["queue_figures:read"]).secret;
  expect((await api("/reports/agents", other)).status).toBe(403);
});
