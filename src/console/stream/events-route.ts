import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { onSessionsEnded, type SessionUser, sessionAlive, sessionIdOf } from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { queuesOfUser } from "../../routing/index.ts";
import type { SseMessage, TimerHandle } from "../../shared/index.ts";

/** What a (re)connecting page needs first to rebuild itself; each live area adds its own. */
export type SnapshotSource = (user: SessionUser, csrf: string) => SseMessage[];

/** A comment on an open stream this often keeps proxies from closing it and counts as a heartbeat (C6). */
export const PING_MS = 20_000;
/** How soon the browser reconnects after the stream drops. */
const RETRY_MS = 2_000;

/** The topics a user may hear, decided at subscribe time (ARCHITECTURE "Push"). */
export function topicsFor(deps: Pick<AppDeps, "db">, user: Pick<SessionUser, "id" | "role">): string[] {
  const topics = [`user:${user.id}`];
  if (user.role === "supervisor" || user.role === "admin") topics.push("supervisors");
  for (const q of queuesOfUser(deps.db, user.id)) topics.push(`queue:${q.id}`);
  return topics;
}

/** Every stream also listens on its session's topic, so that ending the session ends the stream at once. */
const sessionTopic = (sessionId: string) => `session:${sessionId}`;

/** A session that ends closes its event streams at once. Returns the detach. */
export function endStreamsWithSessions(deps: Pick<AppDeps, "db" | "hub">): () => void {
  return onSessionsEnded(deps.db, (ended) => {
    for (const session of ended) deps.hub.closeTopic(sessionTopic(session.id));
  });
}

/** GET /events: the one server-sent event stream of every signed-in page. */
export function eventsRoute(deps: AppDeps, sources: SnapshotSource[]): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/events", (c) => {
    const user = c.get("user");
    // An EventSource cannot follow a sign-in redirect; a plain refusal lets it retry later.
    if (!user) return c.text("Sign in first.", 401);
    return stream(c as Context<AuthedEnv>, deps, sources);
  });
  return app;
}

function stream(c: Context<AuthedEnv>, deps: AppDeps, sources: SnapshotSource[]) {
  const user = c.get("user");
  const csrf = c.get("csrfToken");
  // The session middleware sets the token whenever it sets the user.
  const sessionId = sessionIdOf(c.get("sessionToken") ?? "");
  // Subscribe before the snapshot: anything published meanwhile follows it, so nothing is missed.
  const sub = deps.hub.subscribe([...topicsFor(deps, user), sessionTopic(sessionId)]);
  return streamSSE(c, async (out) => {
    let timer: TimerHandle | null = null;
    const stop = () => {
      if (timer) deps.clock.clearTimeout(timer);
      timer = null;
      sub.close();
    };
    out.onAbort(stop);
    c.req.raw.signal.addEventListener("abort", stop, { once: true });
    const ping = () => {
      timer = null;
      // The session may also have run out while the stream was open: a stream outlives no session.
      if (out.aborted || out.closed || sub.closed || !sessionAlive(deps.db, sessionId, deps.clock.now())) return stop();
      deps.presence.heartbeat(user.id);
      void out.write(": ping\n\n");
      timer = deps.clock.setTimeout(ping, PING_MS);
    };
    timer = deps.clock.setTimeout(ping, PING_MS);
    try {
      await out.write(`retry: ${RETRY_MS}\n\n`);
      for (const source of sources) for (const message of source(user, csrf)) await out.writeSSE(message);
      for (let m = await sub.next(); m; m = await sub.next()) await out.writeSSE(m);
    } catch (err) {
      deps.log.error("event stream failed", { err, userId: user.id });
    } finally {
      stop();
    }
  });
}
