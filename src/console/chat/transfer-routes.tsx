import { Hono } from "hono";
import { TranscriptForm } from "../../../views/console/chat-controls.tsx";
import { TranscriptMail } from "../../../views/widget/transcript-mail.tsx";
import { requireRole } from "../../auth/index.ts";
import { agentConversation, mailTranscript, readTranscriptAddress } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { RateLimiter } from "../../http/rate-limit.ts";
import { formBody } from "../../http/request.ts";
import { Conflict, ValidationError } from "../../shared/index.ts";
import { ownChat, transcriptView } from "./model.ts";
import { transferRoutes } from "../transfer-routes.tsx";
import { type C, CHAT_LIMITS, notHtmx } from "./route-helpers.ts";

/** Transfer a chat to a colleague or a department (W4) and mail its transcript (W3). */
export function chatTransferRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("/console/chat/*", requireRole("agent", "supervisor", "admin"));
  const transcripts = new RateLimiter(deps.clock, CHAT_LIMITS.transcripts.count, CHAT_LIMITS.transcripts.windowMs);

  /** My chat in progress (a transfer needs one); another agent's is NotFound. */
  const activeChat = (c: C) => {
    const { i } = ownChat(deps, c.req.param("id") ?? "", c.get("user").id);
    if (i.status !== "active") throw new Conflict("This chat has ended.");
    return i;
  };

  transferRoutes(app, deps, "chat", activeChat);

  app.post("/console/chat/:id/transcript", async (c) => {
    const user = c.get("user");
    const { i } = ownChat(deps, c.req.param("id"), user.id);
    const conversation = agentConversation(deps, i.id, user.id, { open: false });
    const data = await formBody(c);
    let to: string;
    try {
      to = readTranscriptAddress(data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const typed = typeof data.email === "string" ? data.email.slice(0, 254) : "";
      const view = transcriptView(i, conversation, { email: typed, error: err.fields.email ?? err.message });
      return c.html(<TranscriptForm view={view} csrf={c.get("csrfToken")} />, 422);
    }
    transcripts.hit(conversation.id, "The transcript of this chat was sent several times already. Try again later.");
    mailTranscript(deps, conversation, to, (t) => String(TranscriptMail({ transcript: t })));
    if (notHtmx(c)) return c.redirect("/console", 303);
    return c.html(<TranscriptForm view={transcriptView(i, conversation, { email: to, sentTo: to })} csrf={c.get("csrfToken")} />);
  });

  return app as unknown as Hono<Env>;
}
