import { and, count, desc, eq, gt } from "drizzle-orm";
import { aliasOf, formatTime } from "../chat/index.ts";
import { transaction, type Db } from "../db/index.ts";
import { getQueue } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { FormReader, newId, randomToken, sha256Hex, TooManyRequests } from "../shared/index.ts";
import { INVITE_KINDS, type InviteKind, widgetInvites } from "./invite-schema.ts";
import type { MailService } from "../integrations/mail/index.ts";

export type Invite = typeof widgetInvites.$inferSelect;
export type InviteInput = { name: string; email: string; kind: InviteKind; queueId: string };
/** What a link can still do: start a chat, or only say why it cannot. */
export type InviteStatus = "ready" | "used" | "expired";

/** A link works for a day; an agent sends at most `count` per window. */
export const INVITE_TTL_MS = 24 * 3600_000;
export const INVITE_LIMIT = { count: 20, windowMs: 3600_000 };
export const AUDIO_VIDEO_LATER = "Audio and video sessions arrive with the voice and video work";

/**
 * The "Invite a customer" form (W7): name, email, type, department (one of the chat queues). "Start muted" comes
 * with audio and video invitations; until then the form has no such field and the column keeps its default.
 */
export function readInviteForm(data: Record<string, unknown>, departmentIds: readonly string[]): InviteInput {
  const form = new FormReader(data);
  const name = form.text("name", { label: "Name", required: true, max: 80, pattern: /^[^\r\n]*$/, patternHint: "must be one line" });
  const email = form.email("email", "Email", true);
  const kind = form.oneOf("kind", "Type", INVITE_KINDS, "chat");
  if (kind !== "chat" && !form.errors.kind) form.fail("kind", `${AUDIO_VIDEO_LATER}; send a chat invitation for now`);
  const queueId = departmentIds.length ? form.oneOf("department", "Department", departmentIds) : "";
  if (!departmentIds.length) form.fail("department", "No department takes chats yet");
  form.done();
  return { name, email, kind, queueId };
}

/**
 * Stores the invitation and queues its mail in one transaction (W7). The mail carries the link and
 * nothing else secret; only the token's SHA-256 is stored. Limited per agent and hour (counted in the table,
 * so a restart does not reset it). Returns the link.
 */
export function sendInvite(deps: { db: Db; mail: MailService; baseUrl: () => string }, agentId: string, input: InviteInput, now: number) {
  const { db } = deps;
  const sent = db
    .select({ n: count() })
    .from(widgetInvites)
    .where(and(eq(widgetInvites.agentId, agentId), gt(widgetInvites.createdAt, now - INVITE_LIMIT.windowMs)))
    .get();
  if ((sent?.n ?? 0) >= INVITE_LIMIT.count)
    throw new TooManyRequests(`You sent ${INVITE_LIMIT.count} invitations in the last hour. Wait a while before sending more.`);
  const token = randomToken();
  const link = `${deps.baseUrl()}/connect/${token}`;
  const invite = { id: newId(), tokenHash: sha256Hex(token), agentId, ...input, createdAt: now, expiresAt: now + INVITE_TTL_MS };
  transaction(db, (tx) => {
    tx.insert(widgetInvites).values(invite).run();
    deps.mail.enqueue(tx, inviteMail(db, invite, link));
  });
  return { id: invite.id, link };
}

function inviteMail(db: Db, invite: Omit<Invite, "usedAt" | "conversationId" | "muted">, link: string) {
  const center = getSettings(db).centerName;
  const alias = aliasOf(db, invite.agentId);
  const department = invite.queueId ? getQueue(db, invite.queueId).name : center;
  const text = [
    `Hello ${invite.name},`,
    "",
    `${alias} of ${center} invites you to a chat with ${department}.`,
    "Open this link when you are ready, and press Start chat:",
    "",
    link,
    "",
    `The link works once, until ${formatTime(db, invite.expiresAt)}.`,
    "",
  ].join("\n");
  return { to: invite.email, subject: `${alias} of ${center} invites you to a chat`, text };
}

/** The invitation of a link's token, or null (the token is never stored, only compared by its hash). */
export function inviteByToken(db: Db, token: string): Invite | null {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (
    db
      .select()
      .from(widgetInvites)
      .where(eq(widgetInvites.tokenHash, sha256Hex(token)))
      .get() ?? null
  );
}

export function inviteStatus(invite: Invite, now: number): InviteStatus {
  if (invite.usedAt !== null) return "used";
  return now >= invite.expiresAt ? "expired" : "ready";
}

/** What the customer's page says about a link that cannot start a chat. */
export const INVITE_MESSAGES: Record<Exclude<InviteStatus, "ready"> | "unknown" | "department", string> = {
  used: "This invitation has already been used. A chat started from it continues only in the browser tab where it began.",
  expired: "This invitation has expired. Ask for a new one, or contact us again.",
  unknown: "This invitation link is not valid. Check that the whole link was copied.",
  department: "The department of this invitation no longer exists. Please contact us again.",
};

/** An agent's latest invitations, newest first, for the invite page. */
export function recentInvites(db: Db, agentId: string, limit = 10): Invite[] {
  return db
    .select()
    .from(widgetInvites)
    .where(eq(widgetInvites.agentId, agentId))
    .orderBy(desc(widgetInvites.createdAt))
    .limit(limit)
    .all();
}
