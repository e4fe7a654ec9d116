import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { outcomeOf } from "./history-table.ts";
import {
  chatAttachments,
  chatMessages,
  conversations,
  interactions,
  offers,
  queues,
  reportEvents,
  transferWrapUps,
  users,
} from "./read-model.ts";
import { duration } from "./tables.ts";

/** One moment of an interaction's life, in time order. */
export type TimelineEntry = { at: number; what: string };
export type TranscriptEntry = {
  at: number;
  who: string;
  body: string;
  file: { id: string; name: string; size: number; removed: boolean } | null;
};
export type HandedPart = { agentName: string; handedTo: string; handedAt: number; disposition: string | null; notes: string | null };

export type HistoryDetail = {
  id: string;
  channel: string;
  direction: string;
  outcome: string;
  createdAt: number;
  customerName: string;
  customerAddress: string;
  subject: string;
  queueName: string | null;
  agentName: string | null;
  attachedData: [string, string][];
  disposition: string | null;
  notes: string | null;
  parts: HandedPart[];
  timeline: TimelineEntry[];
  conversation: { id: string; visitorEmail: string; rating: number | null; comment: string | null; transcript: TranscriptEntry[] } | null;
};

/** Messages shown at most on one detail page (a chat's messages are bounded far below this by the widget). */
const TRANSCRIPT_MAX = 5000;

/** Everything recorded about one interaction, for its history page (the caller checked the viewer's scope). */
export function loadHistoryDetail(db: Db, id: string): HistoryDetail {
  const row = db
    .select({ i: interactions, queueName: queues.name, agentName: users.fullName })
    .from(interactions)
    .leftJoin(queues, eq(queues.id, interactions.queueId))
    .leftJoin(users, eq(users.id, interactions.agentId))
    .where(eq(interactions.id, id))
    .get();
  if (!row) throw new NotFound("There is no such interaction in your view.");
  const { i } = row;
  const names = nameLookup(db);
  const parts = db
    .select()
    .from(transferWrapUps)
    .where(eq(transferWrapUps.interactionId, id))
    .orderBy(asc(transferWrapUps.handedAt))
    .all()
    .map((p) => ({
      agentName: names.user(p.agentId),
      handedTo: p.handedTo,
      handedAt: p.handedAt,
      disposition: p.disposition,
      notes: p.notes,
    }));
  return {
    id: i.id,
    channel: i.channel,
    direction: i.direction,
    outcome: outcomeOf(i),
    createdAt: i.createdAt,
    customerName: i.customerName,
    customerAddress: i.customerAddress,
    subject: i.subject,
    queueName: row.queueName,
    agentName: row.agentName,
    attachedData: readAttached(i.attachedData),
    disposition: i.disposition,
    notes: i.notes,
    parts,
    timeline: timelineOf(db, id, names),
    conversation: conversationOf(db, id),
  };
}

function readAttached(json: string): [string, string][] {
  try {
    const value = JSON.parse(json) as Record<string, unknown>;
    return Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  } catch {
    return [];
  }
}

type Names = { user(id: string | null | undefined): string; queue(id: unknown): string };

/** Names of people and departments, looked up once each. */
function nameLookup(db: Db): Names {
  const cache = new Map<string, string>();
  const find = (key: string, load: () => string | undefined) => {
    if (!cache.has(key)) cache.set(key, load() ?? "(removed)");
    return cache.get(key) as string;
  };
  return {
    user: (id) => (id ? find(`u:${id}`, () => db.select({ n: users.fullName }).from(users).where(eq(users.id, id)).get()?.n) : "(nobody)"),
    queue: (id) =>
      typeof id === "string"
        ? find(`q:${id}`, () => db.select({ n: queues.name }).from(queues).where(eq(queues.id, id)).get()?.n)
        : "(no department)",
  };
}

/** The recorded events and the offers made, in words, oldest first. */
function timelineOf(db: Db, id: string, names: Names): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of db
    .select()
    .from(reportEvents)
    .where(eq(reportEvents.interactionId, id))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id))
    .all()) {
    const what = describeEvent(e.type, e.agentId, e.queueId, JSON.parse(e.data) as Record<string, unknown>, names);
    if (what) out.push({ at: e.at, what });
  }
  for (const o of db.select().from(offers).where(eq(offers.interactionId, id)).all()) {
    const who = names.user(o.agentId);
    out.push({ at: o.offeredAt, what: `Offered to ${who}` });
    if (o.closedAt === null) continue;
    if (o.status === "timeout") out.push({ at: o.closedAt, what: `Missed by ${who} (not answered in time)` });
    if (o.status === "rejected") out.push({ at: o.closedAt, what: `Declined by ${who}` });
  }
  // Stable: an offer made in the same millisecond as the queueing comes after it.
  return out
    .map((e, n) => ({ e, n }))
    .sort((a, b) => a.e.at - b.e.at || a.n - b.n)
    .map((x) => x.e);
}

function describeEvent(
  type: string,
  agentId: string | null,
  queueId: string | null,
  d: Record<string, unknown>,
  names: Names,
): string | null {
  const waited = typeof d.waitedMs === "number" ? ` after ${duration(d.waitedMs)}` : "";
  switch (type) {
    case "interaction.queued":
      return `Queued in ${names.queue(queueId)}`;
    case "interaction.started":
      return `Started by ${names.user(agentId)}`;
    case "interaction.accepted":
      return d.transferFrom ? `Accepted by ${names.user(agentId)} (transfer)` : `Accepted by ${names.user(agentId)}${waited}`;
    case "queue.left":
      if (d.reason === "abandoned") return `The customer left ${names.queue(queueId)}${waited}`;
      if (d.reason === "timeout") return `Waited too long in ${names.queue(queueId)}${waited}`;
      return null;
    case "interaction.overflowed":
      return `Overflowed from ${names.queue(d.fromQueueId)} to ${names.queue(d.toQueueId)}`;
    case "interaction.transferred":
      return `Transferred by ${names.user(typeof d.fromAgentId === "string" ? d.fromAgentId : null)} to ${names.queue(d.toQueueId)}`;
    case "interaction.ended":
      return `Ended${agentId ? ` by ${names.user(agentId)}` : ""} (${outcomeOf({ status: "ended", endReason: String(d.reason ?? "") }).toLowerCase()})`;
    case "interaction.wrapped_up":
      if (d.endedBySupervisor) return `Wrap-up of ${names.user(agentId)} ended by a supervisor`;
      return `Wrapped up by ${names.user(agentId)}${typeof d.disposition === "string" && d.disposition ? `: ${d.disposition}` : ""}`;
    default:
      return null;
  }
}

function conversationOf(db: Db, interactionId: string): HistoryDetail["conversation"] {
  const c = db.select().from(conversations).where(eq(conversations.interactionId, interactionId)).get();
  if (!c) return null;
  const sender = alias(users, "sender");
  const transcript = db
    .select({ m: chatMessages, a: chatAttachments, senderName: sender.fullName })
    .from(chatMessages)
    .leftJoin(chatAttachments, eq(chatAttachments.id, chatMessages.attachmentId))
    .leftJoin(sender, eq(sender.id, chatMessages.senderId))
    .where(eq(chatMessages.conversationId, c.id))
    .orderBy(asc(chatMessages.seq))
    .limit(TRANSCRIPT_MAX)
    .all()
    .map(({ m, a, senderName }) => ({
      at: m.createdAt,
      who:
        m.senderKind === "visitor"
          ? c.visitorName || "Customer"
          : m.senderKind === "agent"
            ? (senderName ?? m.agentAlias ?? "Agent")
            : "System",
      body: m.body,
      file: a ? { id: a.id, name: a.fileName, size: a.size, removed: a.size === 0 } : null,
    }));
  return { id: c.id, visitorEmail: c.visitorEmail, rating: c.rating, comment: c.comment, transcript };
}
