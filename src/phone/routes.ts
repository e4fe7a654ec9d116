import { type Context, Hono, type MiddlewareHandler } from "hono";
import { upgradeWebSocket } from "hono/bun";
import type { WSContext } from "hono/ws";
import { hasPermission, sessionIdOf } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import type { PhoneSession, SignalChannel } from "./session.ts";

/**
 * `GET /phone/ws`: the browser phone's WebRTC signalling (ARCHITECTURE: WebSocket only for signalling).
 * Admitted at the upgrade: a signed-in console user, from a page of this appliance.
 */
export function phoneRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { phones } = deps;
  app.get(
    "/phone/ws",
    admit,
    upgradeWebSocket((c) => {
      const agentId = (c as Context<AuthedEnv>).get("user").id;
      const sessionId = sessionIdOf(c.get("sessionToken") ?? "");
      let session: PhoneSession | null = null;
      return {
        onOpen: (_event, ws) => {
          session = phones.connect(agentId, channelOf(ws), sessionId);
        },
        onMessage: (event, _ws) => session?.receive(event.data),
        onClose: () => {
          if (session) phones.disconnected(session, sessionId);
        },
      };
    }),
  );
  return app;
}

/**
 * A signed-in user with the Voice permission (every role has the console) on a page of this appliance: browsers always send Origin
 * on a WebSocket upgrade, so one from another site, or none, is refused. No redirect: this is no page.
 */
const admit: MiddlewareHandler<Env> = async (c, next) => {
  const user = c.get("user");
  if (!user) return c.text("Sign in first.", 401);
  if (!hasPermission(user, "voice")) return c.text("You do not have the Voice permission.", 403);
  const origin = c.req.header("origin");
  const self = new URL(c.req.url);
  if (!origin || (origin !== self.origin && origin !== `${self.protocol}//${c.req.header("host")}`))
    return c.text("The phone connects only from this appliance's own pages.", 403);
  await next();
};

function channelOf(ws: WSContext): SignalChannel {
  return {
    // Sending on a socket that has just closed is a no-op in Bun.
    send: (signal) => ws.send(JSON.stringify(signal)),
    close: (code, reason) => ws.close(code, reason),
  };
}
