/**
 * FEATURES Q3 and issue 4's durability promise: every chat message acknowledged to its sender is on disk.
 * A visitor sends a burst of messages; right after the last acknowledgement the appliance is killed with
 * SIGKILL. After a restart every acknowledged message is there once, the chat still waits in its queue,
 * and a retried send with the same client id is not stored twice.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { hashPassword } from "../src/auth/index.ts";
import { chatMessages } from "../src/chat/conversation-schema.ts";
import { migrate, openDb } from "../src/db/index.ts";
import { interactions } from "../src/routing/interactions-schema.ts";
import { freePort } from "./process-helpers.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";
import { type ApplianceProcess, serveProcess, WebSession } from "./web-session.ts";

const PASSWORD = "correct horse battery staple";
const dir = mkdtempSync(join(tmpdir(), "sb-chat-restart-"));
let queueId = "";
let app: ApplianceProcess | null = null;

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD);
  const db = openDb(join(dir, "switchboard.db"));
  migrate(db);
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent", passwordHash: hash });
  queueId = insertQueue(db, { name: "Support", ringTimeoutS: 300, members: [ann] });
  db.$client.close();
});

afterAll(async () => {
  await app?.kill9();
  rmSync(dir, { recursive: true, force: true });
});

const json = (body: unknown, token?: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

test("after kill -9 every acknowledged chat message is stored exactly once and the chat still waits", async () => {
  app = await serveProcess(dir, freePort());
  const ann = new WebSession(app.url);
  await ann.signIn("ann", PASSWORD);
  expect((await ann.get("/console")).status).toBe(200);
  await ann.post("/console/state", { to: "not_ready", reason: "Lunch" });

  const started = await fetch(
    `${app.url}/widget/api/conversations`,
    json({ name: "Carla", email: "carla@example.test", department: queueId }),
  );
  expect(started.status).toBe(201);
  const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
  const send = (base: string, n: number) =>
    fetch(`${base}/widget/api/conversations/${conversationId}/messages`, json({ body: `message ${n}`, clientId: `client-${n}` }, token));

  const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => send(app!.url, n)));
  const acked = new Map<string, number>();
  for (const res of answers) {
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { id: string; seq: number } };
    acked.set(message.id, message.seq);
  }
  await app.kill9();

  const db = openDb(join(dir, "switchboard.db"));
  const stored = db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId)).all();
  const waiting = db.select().from(interactions).all();
  db.$client.close();
  for (const [id, seq] of acked) expect(stored.find((m) => m.id === id)?.seq).toBe(seq);
  expect(new Set(stored.map((m) => m.clientId)).size).toBe(stored.filter((m) => m.clientId).length);
  expect(waiting.map((i) => i.status)).toEqual(["queued"]);

  app = await serveProcess(dir, freePort());
  const retried = await send(app.url, 7);
  expect(retried.status).toBe(201);
  const again = (await retried.json()) as { message: { id: string } };
  expect(acked.has(again.message.id)).toBe(true);
  const listed = await fetch(`${app.url}/widget/api/conversations/${conversationId}/messages`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { messages } = (await listed.json()) as { messages: { id: string; body: string }[] };
  const visitorLines = messages.filter((m) => m.body.startsWith("message "));
  expect(visitorLines).toHaveLength(20);
  expect(new Set(visitorLines.map((m) => m.id))).toEqual(new Set(acked.keys()));
});
