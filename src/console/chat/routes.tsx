import { Hono } from "hono";
import { ChatControls, Composer } from "../../../views/console/chat-controls.tsx";
import { ChatLines } from "../../../views/console/chat-panel.tsx";
import { requirePermission, requireRole } from "../../auth/index.ts";
import { agentConversation, MESSAGE_MAX, postAgentMessage, signalAgentTyping } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { RateLimiter } from "../../http/rate-limit.ts";
import { formBody } from "../../http/request.ts";
import { newId, ValidationError } from "../../shared/index.ts";
import { chatLines, controlsView, ownChat } from "./model.ts";
import { backInPlace, type C, CHAT_LIMITS, notHtmx, withLf } from "./route-helpers.ts";
import { chatFileRoutes } from "./file-routes.tsx";
import { chatTransferRoutes } from "./transfer-routes.tsx";

const TOO_FAST = "You are sending messages too fast. Wait a few seconds and try again.";

/**
 * The agent's side of a web chat in a work tab (FEATURES W2–W4, A5, C4): the log and controls the tab
 * loads, sending (answered once the message is committed), typing, files, transfer and transcript.
 * The pushes that keep open chat panels live are live.tsx, attached by the composition root.
 */
export function chatRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  const limit = (l: { count: number; windowMs: number }) => new RateLimiter(deps.clock, l.count, l.windowMs);
  const sends = limit(CHAT_LIMITS.messages);
  const typing = limit(CHAT_LIMITS.typing);
  app.use("/console/chat/*", requireRole("agent", "supervisor", "admin"), requirePermission("chat", "Chat"));
  const mine = (c: C) => ownChat(deps, c.req.param("id") ?? "", c.get("user").id);

  app.get("/console/chat/:id/messages", (c) => {
    const { i, c: conversation } = mine(c);
    if (!conversation) return c.body(null, 204);
    return c.html(<ChatLines lines={chatLines(deps, i, conversation, c.get("user"))} />);
  });

  app.get("/console/chat/:id/controls", (c) => {
    const { i, c: conversation } = mine(c);
    if (!conversation) return c.html(<p class="muted">This interaction has no chat conversation.</p>);
    const view = controlsView(deps, i, conversation, c.get("user").id);
    return c.html(<ChatControls view={view} csrf={c.get("csrfToken")} />);
  });

  app.post("/console/chat/:id/messages", async (c) => {
    const user = c.get("user");
    sends.hit(user.id, TOO_FAST);
    const { i } = mine(c);
    const form = withLf(await formBody(c), "body");
    try {
      const message = postAgentMessage(deps, i.id, user.id, form);
      if (notHtmx(c)) return c.redirect("/console", 303);
      const conversation = agentConversation(deps, i.id, user.id, { open: false });
      return c.html(<ChatLines lines={chatLines(deps, i, conversation, user, message.seq - 1, 1)} />, 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const conversation = agentConversation(deps, i.id, user.id, { open: false });
      const value = typeof form.body === "string" ? form.body.slice(0, MESSAGE_MAX) : "";
      const composer = controlsView(deps, i, conversation, user.id).composer;
      const error = err.fields.body ?? err.fields.clientId ?? err.message;
      backInPlace(c, `#chat-compose-${i.id}`);
      return c.html(<Composer view={{ ...composer, clientId: newId(), value, error }} csrf={c.get("csrfToken")} />, 422);
    }
  });

  app.post("/console/chat/:id/typing", (c) => {
    const user = c.get("user");
    typing.hit(user.id, "Too many typing signals.");
    signalAgentTyping(deps, mine(c).i.id, user.id);
    return c.body(null, 204);
  });

  app.route("/", chatFileRoutes(deps));
  app.route("/", chatTransferRoutes(deps));
  return app as unknown as Hono<Env>;
}
