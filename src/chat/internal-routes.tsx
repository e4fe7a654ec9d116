import { type Context, Hono } from "hono";
import type { HtmlEscapedString } from "hono/utils/html";
import { ColleaguesPage, ColleaguesPanel } from "../../views/console/colleagues.tsx";
import { Conversation } from "../../views/console/internal-chat.tsx";
import { hasAvatar, requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { formatClock, ValidationError } from "../shared/index.ts";
import { colleaguesOf } from "./colleagues.ts";
import { conversation, INTERNAL_BODY_MAX, markRead, readInternalForm, requireColleague, sendInternal } from "./internal.ts";

/** At most 30 messages per 10 seconds per sender. */
const SEND_LIMIT = 30;
const SEND_WINDOW_MS = 10_000;
const TOO_FAST = "You are sending messages too fast. Wait a few seconds and try again.";

type C = Context<AuthedEnv>;
type Peer = { id: string; fullName: string };
type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The colleagues panel (FEATURES C1) and the internal chat (C10): the panel fragment the console lazy-loads,
 * one conversation, sending and marking read. Without htmx each answers with a whole page.
 */
export function internalChatRoutes(deps: AppDeps) {
  const { db, bus, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const guard = requireRole("agent", "supervisor", "admin");
  const limiter = new RateLimiter(clock, SEND_LIMIT, SEND_WINDOW_MS);
  const me = (c: C) => c.get("user").id;

  const conversationOf = (c: C, peer: Peer, refused?: { value: string; error: string }) => {
    const zone = getSettings(db).timeZone;
    const messages = conversation(db, me(c), peer.id).map((m) => ({
      id: m.id,
      body: m.body,
      at: m.createdAt,
      time: formatClock(m.createdAt, zone),
      mine: m.fromId === me(c),
    }));
    return <Conversation csrf={c.get("csrfToken")} peer={peer} messages={messages} maxLength={INTERNAL_BODY_MAX} {...refused} />;
  };
  const pageOf = (c: C, open?: Html) => {
    const user = c.get("user");
    const nav = { id: user.id, fullName: user.fullName, role: user.role, hasAvatar: hasAvatar(db, user.id) };
    const frame = { csrf: c.get("csrfToken"), centerName: getSettings(db).centerName, user: nav };
    return <ColleaguesPage {...frame} colleagues={colleaguesOf(db, user.id)} conversation={open} />;
  };
  const fragmentOrPage = (c: C, node: Html, status: 200 | 422 = 200) => c.html(isHtmx(c) ? node : pageOf(c, node), status);

  app.get("/console/colleagues", guard, (c) => {
    if (isHtmx(c) && c.req.query("page") !== "1") return c.html(<ColleaguesPanel colleagues={colleaguesOf(db, me(c))} />);
    return c.html(pageOf(c));
  });

  app.get("/console/internal/:peerId", guard, (c) => {
    const peer = requireColleague(db, me(c), c.req.param("peerId"));
    markRead(db, bus, me(c), peer.id, clock.now());
    return fragmentOrPage(c, conversationOf(c, peer));
  });

  app.post("/console/internal/:peerId", guard, async (c) => {
    limiter.hit(me(c), TOO_FAST);
    const peer = requireColleague(db, me(c), c.req.param("peerId"));
    const form = await formBody(c);
    try {
      sendInternal(db, bus, { fromId: me(c), toId: peer.id, body: readInternalForm(form), now: clock.now() });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const typed = typeof form.body === "string" ? form.body.slice(0, INTERNAL_BODY_MAX) : "";
      return fragmentOrPage(c, conversationOf(c, peer, { value: typed, error: err.fields.body ?? err.message }), 422);
    }
    // Answering in a conversation means its earlier messages have been seen.
    markRead(db, bus, me(c), peer.id, clock.now());
    if (!isHtmx(c)) return c.redirect(`/console/internal/${peer.id}`, 303);
    return c.html(conversationOf(c, peer));
  });

  app.post("/console/internal/:peerId/read", guard, (c) => {
    const peer = requireColleague(db, me(c), c.req.param("peerId"));
    markRead(db, bus, me(c), peer.id, clock.now());
    return c.body(null, 204);
  });

  return app as unknown as Hono<Env>;
}
