import { Hono } from "hono";
import { UploadForm } from "../../../views/console/chat-controls.tsx";
import { ChatLines } from "../../../views/console/chat-panel.tsx";
import { hasPermission, requireRole } from "../../auth/index.ts";
import { agentConversation, aliasOf, downloadHeaders, getAttachment, sendAttachment } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { RateLimiter } from "../../http/rate-limit.ts";
import { formBody } from "../../http/request.ts";
import { Forbidden, FormReader, newId, NotFound, ValidationError } from "../../shared/index.ts";
import { chatLines, FILE_ACCEPT, isImage, ownChat } from "./model.ts";
import { backInPlace, type C, CHAT_LIMITS, notHtmx } from "./route-helpers.ts";

/** Files in a chat (W2): the agent sends one; images preview for whoever handles it; downloads need the permission (A1). */
export function chatFileRoutes(deps: AppDeps): Hono<Env> {
  const { db } = deps;
  const app = new Hono<AuthedEnv>();
  app.use("/console/chat/*", requireRole("agent", "supervisor", "admin"));
  const uploads = new RateLimiter(deps.clock, CHAT_LIMITS.files.count, CHAT_LIMITS.files.windowMs);

  /** A file of one of my chats (also after the chat ended, while it is still in my tabs). */
  const fileOf = (c: C) => {
    const { c: conversation } = ownChat(deps, c.req.param("id") ?? "", c.get("user").id);
    if (!conversation) throw new NotFound("No such file.");
    return getAttachment(db, conversation.id, c.req.param("file") ?? "");
  };

  app.post("/console/chat/:id/files", async (c) => {
    const user = c.get("user");
    uploads.hit(user.id, "You are sending files too fast. Wait a few minutes.");
    const { i } = ownChat(deps, c.req.param("id"), user.id);
    const conversation = agentConversation(deps, i.id, user.id);
    const body = await formBody(c);
    try {
      const file = body.file;
      const form = new FormReader(body);
      const clientId = form.text("clientId", { label: "Client message id", max: 64, pattern: /^[\w-]+$/ }) || null;
      if (!(file instanceof File)) form.fail("file", "Choose a file to send");
      form.done(form.errors.file ?? "Please correct the highlighted fields.");
      const bytes = new Uint8Array(await (file as File).arrayBuffer());
      const sender = { senderKind: "agent" as const, senderId: user.id, agentAlias: aliasOf(db, user.id), clientId };
      const message = sendAttachment(deps, conversation, { name: (file as File).name, bytes }, sender, deps.config.maxUploadBytes);
      if (notHtmx(c)) return c.redirect("/console", 303);
      return c.html(<ChatLines lines={chatLines(deps, i, conversation, user, message.seq - 1, 1)} />, 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      backInPlace(c, `#chat-upload-${i.id}`);
      const view = { interactionId: i.id, clientId: newId(), accept: FILE_ACCEPT, error: err.message };
      return c.html(<UploadForm view={view} csrf={c.get("csrfToken")} />, 422);
    }
  });

  app.get("/console/chat/:id/files/:file", (c) => {
    const a = fileOf(c);
    if (!hasPermission(c.get("user"), "downloads"))
      throw new Forbidden("Downloading files needs the Downloads permission. An administrator can give it to you.");
    return c.body(new Uint8Array(a.data), 200, downloadHeaders(a));
  });

  // Only PNG, JPEG and GIF (checked by content on upload) are ever shown inline.
  app.get("/console/chat/:id/files/:file/preview", (c) => {
    const a = fileOf(c);
    if (!isImage(a.mime)) throw new NotFound("This file has no preview.");
    const headers = { ...downloadHeaders(a), "content-disposition": "inline", "cache-control": "private, max-age=300" };
    return c.body(new Uint8Array(a.data), 200, headers);
  });

  return app as unknown as Hono<Env>;
}
