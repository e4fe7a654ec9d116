import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { loadAgentReport } from "./agent-report.ts";
import { emptyFigures, loadQueueReport, type QueueFigures, SHORT_ABANDON_MS, serviceLevelMs } from "./queue-report.ts";
import { type SimTally, simulateDay } from "../../tests/support/report-sim.ts";
import { centerTimeZone, dayStart, type Interval, intervalStart, wallLabel } from "./time-zone.ts";

type Ev = {
  id: number;
  at: number;
  type: string;
  iid: string | null;
  agent: string | null;
  queue: string | null;
  d: Record<string, unknown>;
};

let t: TestApp;
let tally: SimTally;
let agents: string[];
let queueIds: string[];
let events: Ev[];
let zone: string;
let from: number;
let to: number;

beforeAll(() => {
  t = makeTestApp();
  zone = centerTimeZone(t.db);
  agents = Array.from({ length: 7 }, (_, n) => insertUser(t.db, { username: `agent${n}`, capChat: 2 }));
  const support = insertQueue(t.db, {
    name: "Support",
    maxWaitS: 240,
    overflowKind: "hangup",
    members: agents.slice(0, 4),
    ringTimeoutS: 15,
  });
  const sales = insertQueue(t.db, {
    name: "Sales",
    maxWaitS: 90,
    overflowKind: "queue",
    overflowQueueId: support,
    members: agents.slice(2, 6),
    wrapUpS: 20,
  });
  const phone = insertQueue(t.db, {
    name: "Phone",
    channel: "voice",
    wrapUpS: 30,
    members: agents.slice(3),
    maxWaitS: 120,
    overflowKind: "voicemail",
  });
  queueIds = [support, sales, phone];
  tally = simulateDay({
    deps: t.deps,
    clock: t.clock,
    agents,
    queues: [
      { id: support, channel: "chat" },
      { id: sales, channel: "chat" },
      { id: phone, channel: "voice" },
    ],
    hours: 8,
    arrivalsPerHour: 300,
    seed: 14,
  });
  rateSomeChats(t);
  from = dayStart(wallLabel(Date.UTC(2026, 0, 5, 9), zone, false), zone) - 86_400_000;
  to = from + 3 * 86_400_000;
  events = (t.db.$client.query("SELECT * FROM report_events ORDER BY id").all() as Record<string, unknown>[]).map((r) => ({
    id: r.id as number,
    at: r.at as number,
    type: r.type as string,
    iid: r.interaction_id as string | null,
    agent: r.agent_id as string | null,
    queue: r.queue_id as string | null,
    d: JSON.parse(r.data as string),
  }));
});
afterAll(() => t.cleanup());

/** Ratings as the widget stores them, on a sample of the day's chats. */
function rateSomeChats(t: TestApp) {
  const chats = t.db.$client
    .query("SELECT id, ended_at FROM interactions WHERE channel = 'chat' AND accepted_at IS NOT NULL AND ended_at IS NOT NULL")
    .all() as { id: string; ended_at: number }[];
  chats.slice(0, 150).forEach((c, n) => {
    t.db.$client
      .query(
        "INSERT INTO conversations (id, interaction_id, token_hash, visitor_name, status, created_at, ended_at, rating, rated_at) VALUES (?, ?, ?, 'v', 'ended', ?, ?, ?, ?)",
      )
      .run(`conv${n}`, c.id, `h${n}`, c.ended_at, c.ended_at, 1 + (n % 5), c.ended_at + 1000);
  });
}

/** The same figures, recounted one event at a time. */
function recountQueues(interval: Interval): Map<string, QueueFigures> {
  const out = new Map<string, QueueFigures>();
  const row = (q: unknown, at: number) => {
    const key = `${q}|${intervalStart(at, interval, zone)}`;
    if (!out.has(key)) out.set(key, emptyFigures());
    return out.get(key) as QueueFigures;
  };
  const inRange = (at: number) => at >= from && at < to;
  events.forEach((e, n) => {
    if (e.type === "interaction.queued" && e.queue && inRange(e.at)) row(e.queue, e.at).offered++;
    if (e.type === "interaction.overflowed" && inRange(e.at)) {
      row(e.d.toQueueId, e.at).offered++;
      row(e.d.toQueueId, e.at).overflowedIn++;
    }
    if (e.type === "interaction.transferred" && inRange(e.at)) {
      row(e.d.toQueueId, e.at).offered++;
      row(e.d.toQueueId, e.at).transferredIn++;
      row(e.d.fromQueueId, e.at).transferredOut++;
    }
    if (e.type === "offer.closed" && e.d.status === "timeout" && e.queue && inRange(e.at)) row(e.queue, e.at).ringTimeouts++;
    if (e.type === "queue.left") {
      const waited = e.d.waitedMs as number;
      const entered = e.at - waited;
      if (!inRange(entered)) return;
      const f = row(e.queue, entered);
      if (e.d.reason === "accepted") {
        f.answered++;
        f.waitSumMs += waited;
        f.waitMaxMs = Math.max(f.waitMaxMs, waited);
        if (waited <= serviceLevelMs()) f.answeredInTime++;
        const handle = handleTime(n);
        if (handle !== null) {
          f.handled++;
          f.handleSumMs += handle;
        }
      } else if (e.d.reason === "abandoned") {
        f.abandoned++;
        if (waited <= SHORT_ABANDON_MS) f.abandonedShort++;
      } else if (e.d.reason === "timeout") f.overflowedOut++;
    }
  });
  // Still waiting: visits that began and have not left, straight from the interactions table.
  const queued = t.db.$client.query("SELECT id, queue_id, queued_at FROM interactions WHERE status = 'queued'").all() as {
    id: string;
    queue_id: string;
    queued_at: number;
  }[];
  for (const q of queued) if (inRange(q.queued_at)) row(q.queue_id, q.queued_at).stillWaiting++;
  const rated = t.db.$client
    .query("SELECT i.queue_id AS q, c.rating, c.rated_at FROM conversations c JOIN interactions i ON i.id = c.interaction_id")
    .all() as { q: string; rating: number; rated_at: number }[];
  for (const r of rated) {
    const f = row(r.q, r.rated_at);
    f.ratings++;
    f.ratingSum += r.rating;
  }
  return out;
}

/** Talk from acceptance to the end or a transfer away, plus the wrap-up that followed; null while still going. */
function handleTime(acceptedIndex: number): number | null {
  const acc = events[acceptedIndex] as Ev;
  const end = events
    .slice(acceptedIndex + 1)
    .find((e) => e.iid === acc.iid && (e.type === "interaction.ended" || e.type === "interaction.transferred"));
  if (!end) return null;
  const talk = end.at - acc.at;
  const agent = end.agent ?? (end.d.fromAgentId as string);
  const wraps = end.type === "interaction.transferred" || end.d.wrapUp === true;
  if (!wraps) return talk;
  const after = events.slice(events.indexOf(end) + 1);
  const wrapEnd = after.find(
    (w) =>
      w.agent === agent &&
      ((w.type === "interaction.wrapped_up" && w.iid === acc.iid) ||
        (w.type === "agent.state_changed" && end.type === "interaction.ended" && w.d.from === "wrap_up")),
  );
  return talk + (wrapEnd ? wrapEnd.at - end.at : 0);
}

describe("the queue report over a seeded day through the routing engine", () => {
  test("the day was busy: thousands of arrivals, with misses, rejects, transfers, overflows and abandons all recorded", () => {
    expect(tally.arrivals).toBeGreaterThan(2000);
    const count = (type: string, pred: (e: Ev) => boolean = () => true) => events.filter((e) => e.type === type && pred(e)).length;
    expect(count("offer.closed", (e) => e.d.status === "timeout" && e.queue !== null)).toBeGreaterThan(20);
    expect(count("offer.closed", (e) => e.d.status === "rejected")).toBeGreaterThan(20);
    expect(count("interaction.transferred")).toBeGreaterThan(10);
    expect(count("interaction.overflowed")).toBeGreaterThan(10);
    expect(count("queue.left", (e) => e.d.reason === "abandoned")).toBeGreaterThan(20);
    expect(count("queue.left", (e) => e.d.reason === "timeout")).toBeGreaterThan(20);
  });

  for (const interval of ["15min", "hour", "day"] as const)
    test(`every figure per department and ${interval} equals a recount of the events, and offered = answered + abandoned + overflowed out + still waiting`, () => {
      const report = loadQueueReport(t.db, { queueIds, from, to, interval, zone });
      const recount = recountQueues(interval);
      expect(report.length).toBe(recount.size);
      for (const r of report) {
        const want = recount.get(`${r.queueId}|${r.start}`) as QueueFigures;
        expect({ key: `${r.queueId}|${r.start}`, ...r.figures }).toEqual({ key: `${r.queueId}|${r.start}`, ...want });
        const f = r.figures;
        expect(f.offered).toBe(f.answered + f.abandoned + f.overflowedOut + f.stillWaiting);
      }
    });

  test("over the day, each department's offered and answered match what was enqueued and accepted", () => {
    const report = loadQueueReport(t.db, { queueIds, from, to, interval: "day", zone });
    for (const q of queueIds) {
      const day = report.filter((r) => r.queueId === q);
      const sum = (k: keyof QueueFigures) => day.reduce((n, r) => n + r.figures[k], 0);
      expect(sum("offered") - sum("overflowedIn") - sum("transferredIn")).toBe(tally.enqueued.get(q) ?? 0);
    }
    const answered = report.reduce((n, r) => n + r.figures.answered, 0);
    const accepts = [...tally.accepted.values()].reduce((a, b) => a + b, 0);
    const agentTransfers = events.filter((e) => e.type === "interaction.accepted" && e.d.transferFrom).length;
    expect(answered).toBe(accepts - agentTransfers);
  });
});

describe("the agent report over the same day", () => {
  test("handled, missed, rejected and transfers match the engine's own records; state times add up to the time logged in", () => {
    const days = loadAgentReport(t.db, { agentIds: agents, from, to, zone, now: t.clock.now() });
    const offers = t.db.$client.query("SELECT agent_id AS a, status, count(*) AS n FROM offers GROUP BY a, status").all() as {
      a: string;
      status: string;
      n: number;
    }[];
    for (const a of agents) {
      const mine = days.filter((d) => d.agentId === a);
      const sum = (pick: (d: (typeof days)[number]) => number) => mine.reduce((n, d) => n + pick(d), 0);
      for (const ch of ["chat", "voice"]) expect(sum((d) => d.handled[ch] ?? 0)).toBe(tally.accepted.get(`${a}|${ch}`) ?? 0);
      expect(sum((d) => d.missed)).toBe(offers.find((o) => o.a === a && o.status === "timeout")?.n ?? 0);
      expect(sum((d) => d.rejected)).toBe(offers.find((o) => o.a === a && o.status === "rejected")?.n ?? 0);
      expect(sum((d) => d.transfers)).toBe(tally.transfers.get(a) ?? 0);
      const states = sum((d) => d.readyMs + d.busyMs + d.wrapUpMs + Object.values(d.notReadyMs).reduce((x, y) => x + y, 0));
      expect(states).toBe(sum((d) => d.loggedInMs));
      expect(sum((d) => d.loggedInMs)).toBe(8 * 3600_000);
      expect(sum((d) => d.notReadyMs.Missed ?? 0)).toBeGreaterThan(0);
    }
  });

  test("talk time per agent equals a recount from acceptance to the end, the transfer or the next agent's acceptance", () => {
    const days = loadAgentReport(t.db, { agentIds: agents, from, to, zone, now: t.clock.now() });
    const talk = new Map<string, number>();
    events.forEach((e, n) => {
      if (e.type !== "interaction.accepted") return;
      const end = events
        .slice(n + 1)
        .find((x) => x.iid === e.iid && ["interaction.ended", "interaction.transferred", "interaction.accepted"].includes(x.type));
      if (end) talk.set(e.agent as string, (talk.get(e.agent as string) ?? 0) + end.at - e.at);
    });
    for (const a of agents) expect(days.filter((d) => d.agentId === a).reduce((n, d) => n + d.talkMs, 0)).toBe(talk.get(a) ?? 0);
  });
});
