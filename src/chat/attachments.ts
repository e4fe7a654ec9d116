import { and, eq } from "drizzle-orm";
import type { Config } from "../config.ts";
import { transaction, type Db } from "../db/index.ts";
import { Gone, newId, NotFound, ValidationError } from "../shared/index.ts";
import { attachmentRoom, countStored, requireRoom } from "./attachment-room.ts";
import type { Conversation } from "./conversation.ts";
import { chatAttachments, chatMessages } from "./conversation-schema.ts";
import { appendMessage, type ChatMessage, type NewMessage, publishMessage, requireOpen } from "./messages.ts";
import type { ChatBus } from "./events.ts";

/** The largest file a chat accepts (W2); the appliance's upload limit may be lower. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

type FileType = { mime: string; exts: string[]; label: string };

const PNG: FileType = { mime: "image/png", exts: ["png"], label: "PNG image" };
const JPEG: FileType = { mime: "image/jpeg", exts: ["jpg", "jpeg"], label: "JPEG image" };
const GIF: FileType = { mime: "image/gif", exts: ["gif"], label: "GIF image" };
const PDF: FileType = { mime: "application/pdf", exts: ["pdf"], label: "PDF document" };
const DOCX: FileType = {
  mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  exts: ["docx"],
  label: "Word document",
};
const TXT: FileType = { mime: "text/plain; charset=utf-8", exts: ["txt"], label: "text file" };

export const ACCEPTED_TYPES = "PNG, JPEG or GIF images, and PDF, Word (.docx) or text documents";

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/** The type of a file judged by its content alone (magic bytes), or null when it is not one we accept. */
export function sniffType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return GIF;
  if (startsWith(bytes, ascii("%PDF-"))) return PDF;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return isDocx(bytes) ? DOCX : null;
  return isPlainText(bytes) ? TXT : null;
}

function isDocx(bytes: Uint8Array): boolean {
  // Zip entry names are stored uncompressed; a Word document has its content types and a word/ folder.
  const names = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 256 * 1024))).toString("latin1");
  return names.includes("[Content_Types].xml") && names.includes("word/");
}

function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return false;
  // Markup is never "text" here, whatever its name says: it could become a page if ever opened inline.
  return !/^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|a\s)/i.test(text.replace(/^\uFEFF/, ""));
}

/** A safe display and download name: no folders, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return (
    base
      .replace(/[\u0000-\u001f\u007f"]/g, "")
      .trim()
      .slice(-120) || "file"
  );
}

/** Checks content, name and size; throws ValidationError with a message for the sender. */
export function checkFile(fileName: string, bytes: Uint8Array, maxBytes: number): { name: string; type: FileType } {
  const name = cleanFileName(fileName);
  if (bytes.length === 0) throw new ValidationError(`${name} is empty.`, { file: "The file is empty" });
  if (bytes.length > maxBytes) {
    const mb = Math.floor(maxBytes / 1048576);
    throw new ValidationError(`${name} is larger than ${mb} MB.`, { file: `Files can be at most ${mb} MB` });
  }
  const type = sniffType(bytes);
  if (!type) throw new ValidationError(`${name} cannot be sent: only ${ACCEPTED_TYPES}.`, { file: `Only ${ACCEPTED_TYPES}` });
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (!ext || !type.exts.includes(ext))
    throw new ValidationError(`${name} is a ${type.label}; its name must end with .${type.exts[0]}.`, {
      file: `The name does not match the content (a ${type.label})`,
    });
  return { name, type };
}

type Sender = Omit<NewMessage, "body" | "attachmentId">;
/** Bytes a sender may still store: `check` throws when a file would pass it, `spend` counts a stored one. */
export type Allowance = { check(bytes: number): void; spend(bytes: number): void };

/**
 * Stores a file and the message carrying it in one transaction; a known client id returns the first send.
 * Refused past the chat's or the box's quota, or when it would eat into the free disk space kept (Q6).
 */
export function sendAttachment(
  deps: { db: Db; bus: ChatBus; clock: { now(): number }; config: Config },
  c: Conversation,
  file: { name: string; bytes: Uint8Array },
  sender: Sender,
  maxBytes = ATTACHMENT_MAX_BYTES,
  /** The sender's own allowance (e.g. per visitor address); a retry answered with the first send uses none. */
  allowance: Allowance = { check() {}, spend() {} },
): ChatMessage {
  const { db } = deps;
  requireOpen(db, c);
  const known = sender.clientId ? knownMessage(db, c.id, sender.clientId) : null;
  if (known) return known;
  const { name, type } = checkFile(file.name, file.bytes, Math.min(maxBytes, ATTACHMENT_MAX_BYTES));
  requireRoom(db, attachmentRoom(deps.config), c.id, file.bytes.length);
  allowance.check(file.bytes.length);
  const now = deps.clock.now();
  const { message, created } = transaction(db, (tx) => {
    const id = newId();
    const data = Buffer.from(file.bytes);
    tx.insert(chatAttachments)
      .values({ id, conversationId: c.id, fileName: name, mime: type.mime, size: data.length, data, createdAt: now })
      .run();
    return appendMessage(tx, c.id, { ...sender, body: "", attachmentId: id }, now);
  });
  countStored(db, file.bytes.length);
  allowance.spend(file.bytes.length);
  if (created) publishMessage(deps.bus, c, message);
  return message;
}

function knownMessage(db: Db, conversationId: string, clientId: string): ChatMessage | null {
  return (
    db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.clientId, clientId)))
      .get() ?? null
  );
}

export type Attachment = typeof chatAttachments.$inferSelect;

/** A file of this conversation, or NotFound (files of other conversations do not exist for the asker). */
export function getAttachment(db: Db, conversationId: string, attachmentId: string): Attachment {
  const row = db
    .select()
    .from(chatAttachments)
    .where(and(eq(chatAttachments.id, attachmentId), eq(chatAttachments.conversationId, conversationId)))
    .get();
  if (!row) throw new NotFound("No such file.");
  if (isRemoved(row)) throw new Gone(`${row.fileName} was removed: chat files are kept for a limited time.`);
  return row;
}

/** A file past its retention keeps its row and message, without its bytes (size 0: an empty file is never accepted). */
const isRemoved = (a: { size: number }) => a.size === 0;

/** Headers that make a browser save the file, never render it as a page (W2). */
export function downloadHeaders(a: Attachment): Record<string, string> {
  const ascii = a.fileName.replace(/[^\x20-\x7e]|["%;\\]/g, "_");
  return {
    "content-type": a.mime,
    "content-length": String(a.size),
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": "private, no-store",
  };
}
