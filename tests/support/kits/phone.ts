import type { Hono } from "hono";
import { websocket } from "hono/bun";
import type { Env } from "../../../src/http/env.ts";
import { createSession } from "../../../src/auth/index.ts";
import type { ServerSignal } from "../../../src/phone/signals.ts";

/** The test app on a real loopback port (WebSocket upgrades need a server, not app.request). */
export function servePhone(t: { app: Hono<Env> }) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: t.app.fetch, websocket });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

export function sessionCookie(t: { db: Parameters<typeof createSession>[0]; clock: { now(): number } }, userId: string): string {
  return `sb_session=${createSession(t.db, userId, t.clock.now(), 3600_000)}`;
}

/** A WebSocket client that keeps every message and the close code/reason, with bounded waits. */
export class PhoneClient {
  readonly ws: WebSocket;
  readonly received: ServerSignal[] = [];
  closed: { code: number; reason: string } | null = null;
  opened: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(`${url.replace(/^http/, "ws")}/phone/ws`, { headers } as unknown as string[]);
    this.ws.onmessage = (e) => this.received.push(JSON.parse(String(e.data)) as ServerSignal);
    this.ws.onclose = (e) => {
      this.closed = { code: e.code, reason: e.reason };
    };
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error("the WebSocket did not open"));
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  async next<T extends ServerSignal["type"]>(type: T, ms = 5_000): Promise<Extract<ServerSignal, { type: T }>> {
    const find = () => this.received.find((m) => m.type === type);
    await until(`a ${type} message`, () => find() !== undefined, ms);
    return find() as Extract<ServerSignal, { type: T }>;
  }

  async closedWith(ms = 5_000): Promise<{ code: number; reason: string }> {
    await until("the close", () => this.closed !== null, ms);
    return this.closed as { code: number; reason: string };
  }
}

/** Polls a condition that real network I/O will make true, failing after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
