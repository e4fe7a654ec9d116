/**
 * How fast the interaction history answers over a year of a 200-agent center.
 * Usage: bun bench/history.ts [interactions=1000000]
 * Rows are written straight into a fresh, migrated database (a tenth are web chats with three messages);
 * each search is run 20 times with varying values and its median and p95 printed. Searches run as an admin
 * unless they say otherwise; each asks for one page (50 rows), newest first.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openDb } from "../src/db/index.ts";
import { readHistoryQuery } from "../src/reports/history-filters.ts";
import type { HistoryScope } from "../src/reports/history-scope.ts";
import { searchHistory } from "../src/reports/history-search.ts";
import { seeded } from "../tests/support/report-sim.ts";

const total = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "sb-bench-history-"));
const file = join(dir, "switchboard.db");
const db = openDb(file);
migrate(db);
const rnd = seeded(11);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
const zone = "UTC";
const yearStart = Date.UTC(2026, 0, 1);
const YEAR = 365 * 86_400_000;
const agents = Array.from({ length: 200 }, (_, n) => `agent-${n}`);
const queues = Array.from({ length: 10 }, (_, n) => `queue-${n}`);
const customers = Math.ceil(total / 4);
const dispositions = ["Resolved", "Follow-up needed", "Wrong number"] as const;
const words = ["invoice", "delivery", "password", "refund", "upgrade", "contract", "router", "address"] as const;

const started = performance.now();
const c = db.$client;
c.transaction(() => {
  const user = c.prepare("INSERT INTO users (id, username, full_name, role, created_at, updated_at) VALUES (?, ?, ?, 'agent', 0, 0)");
  for (const a of agents) user.run(a, a, `Agent ${a}`);
  const queue = c.prepare("INSERT INTO queues (id, name, channel, created_at, updated_at) VALUES (?, ?, ?, 0, 0)");
  for (const [n, q] of queues.entries()) queue.run(q, `Department ${n}`, n < 6 ? "voice" : "chat");
})();
const interaction = c.prepare(
  `INSERT INTO interactions (id, channel, direction, status, queue_id, agent_id, customer_name, customer_address, attached_data,
   created_at, queued_at, accepted_at, ended_at, end_reason, disposition) VALUES (?, ?, 'inbound', 'ended', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const conversation = c.prepare(
  "INSERT INTO conversations (id, interaction_id, token_hash, visitor_name, visitor_email, queue_id, status, created_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, 'ended', ?, 3)",
);
const message = c.prepare("INSERT INTO chat_messages (id, conversation_id, seq, sender_kind, body, created_at) VALUES (?, ?, ?, ?, ?, ?)");
const BATCH = 50_000;
for (let from = 0; from < total; from += BATCH) {
  c.transaction(() => {
    for (let n = from; n < Math.min(total, from + BATCH); n++) {
      const id = `i${n}`;
      const at = yearStart + Math.floor((n / total) * YEAR);
      const who = Math.floor(rnd() * customers);
      const chat = n % 10 === 0;
      const q = chat ? pick(queues.slice(6)) : pick(queues.slice(0, 6));
      const answered = rnd() > 0.15;
      const agent = answered ? pick(agents) : null;
      interaction.run(
        id,
        chat ? "chat" : "voice",
        q,
        agent,
        `Customer ${who}`,
        chat ? `customer${who}@example.test` : `+39 06 ${String(1_000_000 + who)}`,
        JSON.stringify({ Account: `AC-${who}` }),
        at,
        at,
        answered ? at + 20_000 : null,
        at + 300_000,
        answered ? "completed" : "abandoned",
        answered ? pick(dispositions) : null,
      );
      if (!chat) continue;
      conversation.run(`c${n}`, id, `h${n}`, `Customer ${who}`, `customer${who}@example.test`, q, at);
      for (let s = 1; s <= 3; s++)
        message.run(`m${n}-${s}`, `c${n}`, s, s === 2 ? "agent" : "visitor", `About my ${pick(words)} number ${n}`, at + s * 10_000);
    }
  })();
}
c.run("ANALYZE");
const sizeMb = statSync(file).size / 1048576;
console.log(
  `${total} interactions (${total / 10} chats, ${(total / 10) * 3} messages) written in ${Math.round(performance.now() - started)} ms; database ${Math.round(sizeMb)} MB`,
);

const admin: HistoryScope = { all: true };
const team: HistoryScope = { all: false, agentIds: agents.slice(0, 20), queueIds: queues.slice(0, 2) };
const day = (offset: number) => new Date(yearStart + offset * 86_400_000).toISOString().slice(0, 10);
const last = 364;

function time(label: string, scope: HistoryScope, query: () => Record<string, string>) {
  const runs = Array.from({ length: 20 }, () => {
    const f = readHistoryQuery(query(), yearStart + YEAR, zone);
    const t0 = performance.now();
    searchHistory(db, scope, f);
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  console.log(`${label}: median ${Math.round(runs[10] as number)} ms, p95 ${Math.round(runs[18] as number)} ms`);
}

const someone = () => String(Math.floor(rnd() * customers));
time("a day, no filter", admin, () => ({ from: day(last), to: day(last) }));
time("a month, no filter", admin, () => ({ from: day(last - 30), to: day(last) }));
time("a year, no filter", admin, () => ({ from: day(0), to: day(last) }));
time("a month, customer name", admin, () => ({ from: day(last - 30), to: day(last), customer: `Customer ${someone()}` }));
time("a year, customer name", admin, () => ({ from: day(0), to: day(last), customer: `Customer ${someone()}` }));
time("a year, number", admin, () => ({ from: day(0), to: day(last), customer: String(1_000_000 + Number(someone())) }));
time("a month, agent", admin, () => ({ from: day(last - 30), to: day(last), agent: pick(agents) }));
time("a year, agent", admin, () => ({ from: day(0), to: day(last), agent: pick(agents) }));
time("a month, department and disposition", admin, () => ({
  from: day(last - 30),
  to: day(last),
  queue: pick(queues),
  disposition: "Wrong number",
}));
time("a month, attached-data value", admin, () => ({ from: day(last - 30), to: day(last), attached: `AC-${someone()}` }));
time("a month, chat text", admin, () => ({ from: day(last - 30), to: day(last), text: pick(words) }));
time("a month, rare chat text", admin, () => ({ from: day(last - 30), to: day(last), text: `number ${Math.floor(rnd() * total)}` }));
time("a supervisor (20 agents, 2 departments), a month", team, () => ({ from: day(last - 30), to: day(last) }));
time("a supervisor, a year, customer name", team, () => ({ from: day(0), to: day(last), customer: `Customer ${someone()}` }));
db.$client.close();
rmSync(dir, { recursive: true, force: true });
