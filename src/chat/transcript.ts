import type { Db } from "../db/index.ts";
import { getSettings } from "../settings/index.ts";
import { Conflict, FormReader, formatDateTime, Unavailable, ValidationError } from "../shared/index.ts";
import type { Conversation } from "./conversation.ts";
import { messagesAfter } from "./messages.ts";
import type { MailService } from "../integrations/mail/index.ts";

export type TranscriptLine = { at: string; who: string; text: string };
/** A chat as plain data for the transcript mail (W3): every message with its time and sender. */
export type Transcript = { centerName: string; visitorName: string; startedAt: string; lines: TranscriptLine[] };

/** A moment in the center's time zone, as in "2026-01-05 09:00:07". */
export function formatTime(db: Db, ms: number): string {
  return formatDateTime(ms, getSettings(db).timeZone);
}

/** The transcript of a conversation; agents appear under their alias, never their real name. */
export function buildTranscript(db: Db, c: Conversation): Transcript {
  const zone = getSettings(db).timeZone;
  const lines = messagesAfter(db, c.id, 0, 100_000).map((m) => ({
    at: formatDateTime(m.at, zone),
    who: m.from === "visitor" ? c.visitorName : m.from === "agent" ? (m.alias ?? "Agent") : getSettings(db).centerName,
    text: m.attachment ? `[file: ${m.attachment.name}]${m.body ? ` ${m.body}` : ""}` : m.body,
  }));
  return {
    centerName: getSettings(db).centerName,
    visitorName: c.visitorName,
    startedAt: `${formatDateTime(c.createdAt, zone)} (${zone})`,
    lines,
  };
}

export function transcriptText(t: Transcript): string {
  const head = [`Chat with ${t.centerName}`, `Started ${t.startedAt}`, ""];
  const body = t.lines.map((l) => `[${l.at}] ${l.who}: ${l.text.replace(/\r?\n/g, "\n    ")}`);
  return [...head, ...body, ""].join("\n");
}

export function readTranscriptAddress(data: Record<string, unknown>): string {
  const form = new FormReader(data);
  const to = form.email("email", "Email", true);
  form.done();
  return to;
}

/** Said to a visitor who asks for a transcript while the box has no mail server (nothing is queued). */
export const MAIL_UNAVAILABLE = "Email is not available right now, so the transcript cannot be sent.";

/**
 * The address a visitor's transcript may go to: only the one given in the pre-chat form, so the box never
 * mails text a visitor wrote to an address of the visitor's choosing (Q6). An `email` in the request must
 * be that address; none means that address. Unavailable while no mail server is configured.
 */
export function visitorTranscriptAddress(db: Db, c: Conversation, data: Record<string, unknown>): string {
  const to = c.visitorEmail.trim();
  if (!to) throw new Conflict("No email address was given when this chat started, so no transcript can be sent.");
  const asked = data.email === undefined || data.email === "" ? to : readTranscriptAddress(data);
  if (asked.toLowerCase() !== to.toLowerCase())
    throw new ValidationError(`The transcript can only go to the address you gave when the chat started (${to}).`, {
      email: `Only ${to}, the address given when the chat started`,
    });
  if (!getSettings(db).smtp.host) throw new Unavailable(MAIL_UNAVAILABLE);
  return to;
}

/**
 * Queues the transcript mail (W3, I2): plain text, plus an HTML part when `html` renders one (a view, so
 * customer text is escaped there). Delivery and retries are the mail outbox's.
 */
export function mailTranscript(deps: { db: Db; mail: MailService }, c: Conversation, to: string, html?: (t: Transcript) => string): string {
  const t = buildTranscript(deps.db, c);
  return deps.mail.enqueue(deps.db, {
    to,
    subject: `Your chat with ${t.centerName}`,
    text: transcriptText(t),
    ...(html ? { html: html(t) } : {}),
  });
}
