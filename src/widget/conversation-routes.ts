import {
  downloadHeaders,
  getAttachment,
  leaveConversation,
  mailTranscript,
  messagesAfter,
  messageView,
  postVisitorMessage,
  rateConversation,
  requireOpen,
  sendAttachment,
  visitorTranscriptAddress,
} from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp } from "../http/request.ts";
import { FormReader, ValidationError } from "../shared/index.ts";
import { TranscriptMail } from "../../views/widget/transcript-mail.tsx";
import { jsonApp, jsonBody, visitorOf } from "./api-kit.ts";
import { visitorState } from "./visitor-state.ts";

/** Per conversation and window: messages, files, typing signals, transcript mails. */
export const MESSAGE_LIMIT = { count: 30, windowMs: 60_000 };
const UPLOAD_LIMIT = { count: 10, windowMs: 10 * 60_000 };
const TYPING_LIMIT = { count: 60, windowMs: 60_000 };
/** Transcript mails: one per chat, and bounded per client address and per destination (Q6). */
export const TRANSCRIPT_LIMITS = {
  perChat: { count: 1, windowMs: 24 * 3600_000 },
  perAddress: { count: 5, windowMs: 3600_000 },
  perDestination: { count: 3, windowMs: 24 * 3600_000 },
};

/** One visitor's conversation (W2, W3, W8, W9); every call checks the token bound to that conversation. */
export function widgetConversationRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = jsonApp(deps);
  const limiter = (l: { count: number; windowMs: number }) => new RateLimiter(clock, l.count, l.windowMs);
  const messages = limiter(MESSAGE_LIMIT);
  const uploads = limiter(UPLOAD_LIMIT);
  // Bytes of files per visitor address and day (Q6); counted once stored.
  const uploadBytes = new RateLimiter(clock, deps.config.chatFilesPerAddressMb * 1048576, 24 * 3600_000);
  const typing = limiter(TYPING_LIMIT);
  const transcripts = limiter(TRANSCRIPT_LIMITS.perChat);
  const transcriptsFrom = limiter(TRANSCRIPT_LIMITS.perAddress);
  const transcriptsTo = limiter(TRANSCRIPT_LIMITS.perDestination);

  app.get("/conversations/:id", (c) => c.json(visitorState(deps, visitorOf(c, db), clock.now())));

  app.get("/conversations/:id/messages", (c) => {
    const conversation = visitorOf(c, db);
    const after = Number.parseInt(c.req.query("after") ?? "0", 10);
    return c.json({ messages: messagesAfter(db, conversation.id, Number.isFinite(after) ? after : 0) });
  });

  app.post("/conversations/:id/messages", async (c) => {
    const conversation = visitorOf(c, db);
    messages.hit(conversation.id, "You are sending messages too fast. Wait a moment.");
    const message = postVisitorMessage(deps, conversation, await jsonBody(c));
    return c.json({ message: messageView(db, message) }, 201);
  });

  app.post("/conversations/:id/attachments", async (c) => {
    const conversation = visitorOf(c, db);
    uploads.hit(conversation.id, "You are sending files too fast. Wait a few minutes.");
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const file = body.file;
    if (!(file instanceof File)) throw new ValidationError("Choose a file to send.", { file: "Choose a file" });
    const form = new FormReader(body);
    const clientId = form.text("clientId", { label: "Client message id", max: 64, pattern: /^[\w-]+$/ }) || null;
    form.done();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const address = clientIp(c);
    const perDay = `Your network has sent ${deps.config.chatFilesPerAddressMb} MB of files today, the most it may. Try again tomorrow.`;
    const allowance = {
      check: (size: number) => uploadBytes.check(address, perDay, size),
      spend: (size: number) => uploadBytes.hit(address, perDay, size),
    };
    const sender = { senderKind: "visitor" as const, clientId };
    const message = sendAttachment(deps, conversation, { name: file.name, bytes }, sender, deps.config.maxUploadBytes, allowance);
    return c.json({ message: messageView(db, message) }, 201);
  });

  app.get("/conversations/:id/attachments/:file", (c) => {
    const a = getAttachment(db, visitorOf(c, db).id, c.req.param("file"));
    return c.body(new Uint8Array(a.data), 200, downloadHeaders(a));
  });

  app.post("/conversations/:id/typing", (c) => {
    const conversation = visitorOf(c, db);
    typing.hit(conversation.id, "Too many typing signals.");
    requireOpen(db, conversation);
    deps.bus.publish("conversation.typed", {
      conversationId: conversation.id,
      interactionId: conversation.interactionId,
      by: "visitor",
      at: clock.now(),
    });
    return c.body(null, 204);
  });

  app.post("/conversations/:id/end", (c) => {
    const conversation = visitorOf(c, db);
    leaveConversation(deps, conversation, clock.now());
    return c.json(visitorState(deps, visitorOf(c, db), clock.now()));
  });

  app.post("/conversations/:id/rating", async (c) => {
    const conversation = visitorOf(c, db);
    rateConversation(db, conversation, await jsonBody(c), clock.now());
    return c.json({ ok: true });
  });

  app.post("/conversations/:id/transcript", async (c) => {
    const conversation = visitorOf(c, db);
    const to = visitorTranscriptAddress(db, conversation, await jsonBody(c));
    const limits: [RateLimiter, string, string][] = [
      [transcripts, conversation.id, `The transcript of this chat was sent to ${to} already.`],
      [transcriptsTo, to.toLowerCase(), `${to} received several transcripts today already. Try again tomorrow.`],
      [transcriptsFrom, clientIp(c), "Too many transcripts were asked for from your network. Try again later."],
    ];
    // A refusal by one limit uses up none of the others.
    for (const [limit, key, message] of limits) limit.check(key, message);
    for (const [limit, key] of limits) limit.hit(key);
    mailTranscript(deps, conversation, to, (t) => String(TranscriptMail({ transcript: t })));
    return c.json({ ok: true }, 202);
  });
  return app;
}
