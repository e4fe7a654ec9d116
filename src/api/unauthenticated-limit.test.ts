/**
 * Calls to /api/v1 without a valid token are bounded per source address: the app behind a real server on
 * loopback, called from two loopback addresses (127.0.0.2 and 127.0.0.3) as two outside parties.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { request } from "node:http";
import type { Server } from "bun";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { tokenFor } from "../../tests/support/kits/api.ts";
import { adminClient } from "../../tests/support/users.ts";
import { API_UNAUTHENTICATED_PER_MINUTE } from "./index.ts";

let t: TestApp;
let server: Server<undefined>;
let secret: string;
beforeEach(async () => {
  t = makeTestApp();
  secret = tokenFor(t.db, t.clock.now(), (await adminClient(t)).id).secret;
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req, srv) => t.app.fetch(req, srv) });
});
afterEach(() => {
  server.stop(true);
  t.cleanup();
});

/** GET from a chosen loopback source address. */
function getFrom(from: string, path: string, token?: string): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const req = request({ host: "127.0.0.1", port: server.port, path: `/api/v1${path}`, localAddress: from, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("an address calling without a valid token gets 429 with Retry-After past the limit; others and valid tokens are served", async () => {
  for (let i = 0; i < API_UNAUTHENTICATED_PER_MINUTE; i++) {
    const bad = await getFrom("127.0.0.2", "/users", i % 2 ? "not-a-real-token" : undefined);
    expect(bad.status).toBe(401);
  }
  const limited = await getFrom("127.0.0.2", "/users", "another-guess");
  expect(limited.status).toBe(429);
  expect(JSON.parse(limited.body)).toEqual({
    error: expect.objectContaining({ code: "rate_limited", message: expect.stringContaining("without a valid token from your address") }),
  });
  expect(Number(limited.retryAfter)).toBeGreaterThan(0);
  expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);

  // Another address is not held up, and a valid token from the limited address is counted against itself only.
  expect((await getFrom("127.0.0.3", "/users")).status).toBe(401);
  expect((await getFrom("127.0.0.2", "/users", secret)).status).toBe(200);

  t.clock.advance(60_000);
  expect((await getFrom("127.0.0.2", "/users")).status).toBe(401);
});
