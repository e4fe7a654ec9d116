import { Hono } from "hono";
import { ConnectPage } from "../../views/widget/connect.tsx";
import { aliasOf } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp } from "../http/request.ts";
import { getQueue } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { jsonApp, jsonBody } from "./api-kit.ts";
import { NEW_CHAT_LIMIT } from "./api-routes.ts";
import { startInvitedChat } from "./invite-start.ts";
import { INVITE_MESSAGES, type Invite, inviteByToken, inviteStatus } from "./invites.ts";

/** Link look-ups per client address and minute (a token cannot be guessed; this keeps scanners slow too). */
export const LOOKUP_LIMIT = { count: 60, windowMs: 60_000 };

/** The invitation as the customer's page and widget show it; only a link that can start a chat tells who it is for. */
function inviteView(deps: Pick<AppDeps, "db" | "clock">, invite: Invite | null) {
  if (!invite) return { status: "unknown" as const, message: INVITE_MESSAGES.unknown };
  const status = inviteStatus(invite, deps.clock.now());
  if (status !== "ready") return { status, message: INVITE_MESSAGES[status] };
  // Its department was deleted: nothing can start from it any more.
  if (!invite.queueId) return { status: "expired" as const, message: INVITE_MESSAGES.department };
  const department = getQueue(deps.db, invite.queueId).name;
  return { status, message: null, name: invite.name, email: invite.email, alias: aliasOf(deps.db, invite.agentId), department };
}

/**
 * The customer's side of an invitation link (W7): the page `GET /connect/:token` and the widget's
 * JSON calls to read the invitation and to start its chat. The link is used only by Start chat.
 */
export function widgetInviteRoutes(deps: AppDeps, seen: (conversationId: string) => void = () => {}): Hono<Env> {
  const { db, clock } = deps;
  const lookups = new RateLimiter(clock, LOOKUP_LIMIT.count, LOOKUP_LIMIT.windowMs);
  const starts = new RateLimiter(clock, NEW_CHAT_LIMIT.count, NEW_CHAT_LIMIT.windowMs);
  const slow = "Too many requests from your network. Please wait a minute.";
  const app = new Hono<Env>();

  app.get("/connect/:token", (c) => {
    lookups.hit(clientIp(c), slow);
    const token = c.req.param("token");
    const d = inviteView(deps, inviteByToken(db, token));
    c.header("cache-control", "no-store");
    c.header("x-robots-tag", "noindex");
    const invite = d.status === "ready" ? { name: d.name, alias: d.alias, department: d.department } : null;
    const page = (
      <ConnectPage
        centerName={getSettings(db).centerName}
        invite={invite ?? null}
        message={d.message}
        token={d.status === "ready" || d.status === "used" ? token : null}
      />
    );
    return c.html(page, d.status === "unknown" ? 404 : d.status === "expired" ? 410 : 200);
  });

  const api = jsonApp(deps);
  api.get("/invites/:token", (c) => {
    lookups.hit(clientIp(c), slow);
    c.header("cache-control", "no-store");
    const d = inviteView(deps, inviteByToken(db, c.req.param("token")));
    return c.json(d, d.status === "unknown" ? 404 : 200);
  });
  api.post("/invites/:token/start", async (c) => {
    starts.hit(clientIp(c), "Too many new chats from your network. Please wait a few minutes.");
    const { conversation, token } = startInvitedChat(deps, c.req.param("token"), await jsonBody(c), clock.now());
    seen(conversation.id);
    return c.json({ conversationId: conversation.id, token }, 201);
  });
  app.route("/widget/api", api);
  return app;
}
