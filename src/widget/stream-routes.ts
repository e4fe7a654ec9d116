import { streamSSE } from "hono/streaming";
import { messagesAfter } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import { clientIp } from "../http/request.ts";
import type { SseMessage, SseSubscriber, TimerHandle } from "../shared/index.ts";
import { jsonApp, visitorOf } from "./api-kit.ts";
import { jsonEvent, visitorTopic } from "./live.ts";
import { StreamSeats } from "./stream-seats.ts";
import { visitorState } from "./visitor-state.ts";

/** A comment this often keeps proxies (and the server's idle timeout) from closing a quiet stream. */
export const VISITOR_PING_MS = 20_000;

/**
 * GET /widget/api/conversations/:id/events?after=N: the visitor's event stream. It starts with the state
 * and the messages after N (so a reconnect or a reloaded page resumes without gaps), then follows pushes;
 * a message it already sent is never sent twice. Streams are bounded per token and per address (`seats`).
 */
export function widgetStreamRoutes(
  deps: AppDeps,
  seen: (conversationId: string) => void = () => {},
  seats: StreamSeats = new StreamSeats(),
) {
  const app = jsonApp(deps);
  app.get("/conversations/:id/events", (c) => {
    const conversation = visitorOf(c, deps.db);
    const after = Math.max(0, Number.parseInt(c.req.query("after") ?? "0", 10) || 0);
    let replaced: SseSubscriber | undefined;
    const release = seats.take(conversation.id, clientIp(c), () => replaced?.close());
    // Subscribe before reading the snapshot: whatever is published meanwhile follows it.
    const sub = deps.hub.subscribe([visitorTopic(conversation.id)]);
    replaced = sub;
    seen(conversation.id);
    return streamSSE(c, async (out) => {
      let timer: TimerHandle | null = null;
      let stopped = false;
      const stop = () => {
        if (timer) deps.clock.clearTimeout(timer);
        timer = null;
        sub.close();
        release();
        if (!stopped) seen(conversation.id);
        stopped = true;
      };
      out.onAbort(stop);
      c.req.raw.signal.addEventListener("abort", stop, { once: true });
      const ping = () => {
        if (out.aborted || out.closed || sub.closed) return stop();
        void out.write(": ping\n\n");
        timer = deps.clock.setTimeout(ping, VISITOR_PING_MS);
      };
      timer = deps.clock.setTimeout(ping, VISITOR_PING_MS);
      let lastSeq = after;
      const send = async (m: SseMessage) => {
        if (m.event === "message") {
          const seq = (JSON.parse(m.data) as { seq: number }).seq;
          if (seq <= lastSeq) return;
          lastSeq = seq;
          return out.writeSSE({ ...m, id: String(seq) });
        }
        return out.writeSSE(m);
      };
      try {
        await out.write("retry: 2000\n\n");
        await send(jsonEvent("state", visitorState(deps, conversation, deps.clock.now())));
        for (const m of messagesAfter(deps.db, conversation.id, after)) await send(jsonEvent("message", m));
        for (let m = await sub.next(); m; m = await sub.next()) await send(m);
      } catch (err) {
        deps.log.warn("visitor stream failed", { err, conversationId: conversation.id });
      } finally {
        stop();
      }
    });
  });
  return app;
}
