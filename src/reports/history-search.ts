import { type AnyColumn, and, desc, eq, exists, gte, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import type { HistoryCursor, HistoryFilters } from "./history-filters.ts";
import { type HistoryScope, scopeCondition } from "./history-scope.ts";
import { chatMessages, conversations, interactions, queues, users } from "./read-model.ts";

/** Rows per page of the history: a page stays a page however many interactions match. */
export const HISTORY_PAGE_SIZE = 50;
/** The most rows one CSV export of the history carries; beyond this, narrow the search. */
export const HISTORY_EXPORT_LIMIT = 5000;

export type HistoryRow = {
  id: string;
  createdAt: number;
  channel: string;
  direction: string;
  status: string;
  customerName: string;
  customerAddress: string;
  queueName: string | null;
  agentName: string | null;
  acceptedAt: number | null;
  endedAt: number | null;
  endReason: string | null;
  disposition: string | null;
  rating: number | null;
};

export type HistoryPage = { rows: HistoryRow[]; next: HistoryCursor | null };

/** A LIKE pattern that finds the text anywhere, taken literally (% and _ included). */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
const like = (col: SQL | AnyColumn, text: string) => sql`${col} like ${contains(text)} escape '\\'`;

/** Past this many matches in the text index, a text is common enough that reading the days newest first finds a page sooner. */
const TEXT_CANDIDATES_MAX = 2000;

/** Where each text filter is looked up: one trigram index per kind of text, each match mapped to its interaction's rowid. */
const TEXT_LOOKUPS = {
  customer: "SELECT rowid AS id FROM history_text WHERE history_text MATCH ?",
  attached: "SELECT rowid AS id FROM history_text WHERE history_text MATCH ?",
  chat: `SELECT DISTINCT i.rowid AS id FROM chat_text t JOIN chat_messages m ON m.rowid = t.rowid
         JOIN conversations c ON c.id = m.conversation_id JOIN interactions i ON i.id = c.interaction_id WHERE chat_text MATCH ?`,
} as const;

/**
 * The rowids of interactions whose text of this kind holds `text` (a superset: the LIKE conditions still
 * decide), or null when the trigram index cannot narrow the search (under three characters, or a text found
 * in more than TEXT_CANDIDATES_MAX interactions).
 */
function textCandidates(db: Db, kind: keyof typeof TEXT_LOOKUPS, text: string): number[] | null {
  if ([...text].length < 3) return null;
  const phrase = `"${text.replaceAll('"', '""')}"`;
  const rows = db.$client
    .query<{ id: number }, [string]>(`${TEXT_LOOKUPS[kind]} LIMIT ${TEXT_CANDIDATES_MAX + 1}`)
    .all(kind === "chat" ? phrase : `${kind} : ${phrase}`);
  return rows.length > TEXT_CANDIDATES_MAX ? null : rows.map((r) => r.id);
}

/**
 * One page of interactions matching the search in the viewer's scope, newest first (keyset paging on
 * created_at and id, so a late page costs what the first does). Indexes on created_at, agent and department
 * bound the scan; a rare customer or attached-data text is looked up in the trigram index first (decision 023).
 */
export function searchHistory(db: Db, scope: HistoryScope, f: HistoryFilters, limit = HISTORY_PAGE_SIZE): HistoryPage {
  const i = interactions;
  const candidates = [
    f.customer && textCandidates(db, "customer", f.customer),
    f.attached && textCandidates(db, "attached", f.attached),
  ].find((ids): ids is number[] => Array.isArray(ids));
  // With a short candidate list, the rows are fetched by rowid and sorted; `+` keeps the day index out of it.
  const created = candidates ? sql`+${i.createdAt}` : sql`${i.createdAt}`;
  const conds: (SQL | undefined)[] = [
    candidates ? sql`${i}.rowid in (select value from json_each(${JSON.stringify(candidates)}))` : undefined,
    gte(created, f.from),
    lt(created, f.to),
    scopeCondition(db, scope),
    f.agentId ? eq(i.agentId, f.agentId) : undefined,
    f.queueId ? eq(i.queueId, f.queueId) : undefined,
    f.channel ? eq(i.channel, f.channel as "voice") : undefined,
    f.disposition ? eq(i.disposition, f.disposition) : undefined,
    f.customer ? or(like(i.customerName, f.customer), like(i.customerAddress, f.customer)) : undefined,
    f.attached
      ? sql`exists (select 1 from json_each(${i.attachedData}) where json_each.value like ${contains(f.attached)} escape '\\')`
      : undefined,
    f.text
      ? exists(
          db
            .select({ one: sql`1` })
            .from(conversations)
            .innerJoin(chatMessages, eq(chatMessages.conversationId, conversations.id))
            .where(and(eq(conversations.interactionId, i.id), like(sql`${chatMessages.body}`, f.text))),
        )
      : undefined,
    f.after ? or(lt(i.createdAt, f.after.createdAt), and(eq(i.createdAt, f.after.createdAt), lt(i.id, f.after.id))) : undefined,
  ];
  const rows = db
    .select({
      id: i.id,
      createdAt: i.createdAt,
      channel: i.channel,
      direction: i.direction,
      status: i.status,
      customerName: i.customerName,
      customerAddress: i.customerAddress,
      queueName: queues.name,
      agentName: users.fullName,
      acceptedAt: i.acceptedAt,
      endedAt: i.endedAt,
      endReason: i.endReason,
      disposition: i.disposition,
      rating: sql<
        number | null
      >`(select ${conversations.rating} from ${conversations} where ${conversations.interactionId} = ${i.id} limit 1)`,
    })
    .from(i)
    .leftJoin(queues, eq(queues.id, i.queueId))
    .leftJoin(users, eq(users.id, i.agentId))
    .where(and(...conds))
    .orderBy(desc(i.createdAt), desc(i.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}
