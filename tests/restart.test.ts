/**
 * FEATURES R6 and Q3 for routing: `kill -9` of the real appliance process while chats wait and an offer rings.
 * After a restart on the same data folder every queued interaction is still queued, a ringing offer rings on
 * with the time it had left (or, when it ran out while the appliance was down, is cancelled and offered anew),
 * agents keep their states, and the Ready agent's event stream carries the offer.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { hashPassword } from "../src/auth/index.ts";
import { migrate, openDb, type Db } from "../src/db/index.ts";
import { agentPresence } from "../src/presence/schema.ts";
import { interactions, offers } from "../src/routing/interactions-schema.ts";
import { freePort } from "./process-helpers.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";
import { type ApplianceProcess, serveProcess, WebSession } from "./web-session.ts";

const PASSWORD = "correct horse battery staple";
const dir = mkdtempSync(join(tmpdir(), "sb-restart-"));
const ids = { ann: "", bob: "", support: "" };
let app: ApplianceProcess | null = null;

/** Opens the database file, runs fn and closes it again (only while no appliance runs, or for reads). */
function withDb<T>(fn: (db: Db) => T): T {
  const db = openDb(join(dir, "switchboard.db"));
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

const serve = async () => {
  app = await serveProcess(dir, freePort());
  return app;
};

type Chats = [string, string, string];
const offerIdsIn = (html: string) => [...html.matchAll(/data-offer-id="([^"]+)"/g)].map((m) => m[1] as string);

/** The routing tables and agent states as stored: what a restart must bring back. */
function stored() {
  return withDb((db) => ({
    work: db.select().from(interactions).orderBy(asc(interactions.customerName)).all(),
    offers: db.select().from(offers).all(),
    ann: db.select().from(agentPresence).where(eq(agentPresence.userId, ids.ann)).get(),
    bob: db.select().from(agentPresence).where(eq(agentPresence.userId, ids.bob)).get(),
  }));
}

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD);
  withDb((db) => {
    migrate(db);
    ids.ann = insertUser(db, { username: "ann", fullName: "Ann Agent", passwordHash: hash });
    ids.bob = insertUser(db, { username: "bob", fullName: "Bob Agent", passwordHash: hash });
    ids.support = insertQueue(db, { name: "Support", ringTimeoutS: 120, wrapUpS: 0, members: [ids.ann, ids.bob] });
  });
});

afterAll(async () => {
  await app?.kill9();
  rmSync(dir, { recursive: true, force: true });
});

/** Customers start chats through the widget's public API; each answer (201) means the chat is stored. */
async function startChats(base: string, names: string[]): Promise<void> {
  for (const name of names) {
    const body = JSON.stringify({ name, email: `${name.toLowerCase()}@example.test`, department: ids.support });
    const res = await fetch(`${base}/widget/api/conversations`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(201);
  }
}

test("after kill -9 queued chats, the ringing offer and agent states come back, and the Ready agent hears the offer", async () => {
  const ann = new WebSession((await serve()).url);
  const bob = new WebSession(ann.base);
  await Promise.all([ann.signIn("ann", PASSWORD), bob.signIn("bob", PASSWORD)]);
  for (const web of [ann, bob]) expect((await web.get("/console")).status).toBe(200);
  expect((await bob.post("/console/state", { to: "not_ready", reason: "Lunch" })).status).toBe(303);
  const annStream0 = await ann.events();
  await startChats(ann.base, ["Carla", "Dev", "Eve"]);
  let offerId = "";
  while (!offerId) offerId = offerIdsIn((await annStream0.next("offers", 5000)).data)[0] ?? "";
  ann.closeStreams();
  await app?.kill9();

  const before = stored();
  const chats = ["Carla", "Dev", "Eve"].map((name) => before.work.find((i) => i.customerName === name)?.id ?? name) as Chats;
  expect(before.offers.map((o) => [o.id, o.interactionId, o.agentId, o.status])).toEqual([[offerId, chats[0], ids.ann, "ringing"]]);

  ann.base = (await serve()).url;
  bob.base = ann.base;
  const annStream = await ann.events();
  expect((await annStream.next("state", 5000)).data).toContain('data-state="ready"');
  expect(offerIdsIn((await annStream.next("offers")).data)).toEqual([offerId]);
  const bobState = (await (await bob.events()).next("state", 5000)).data;
  expect([bobState.includes('data-state="not_ready"'), bobState.includes("Lunch")]).toEqual([true, true]);

  const after = stored();
  expect(after.work.map((i) => [i.id, i.status])).toEqual(chats.map((id) => [id, "queued"]));
  expect(after.offers).toEqual(before.offers);
  expect((after.offers[0]?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(100_000);
  expect([after.ann?.state, after.bob?.state, after.bob?.reason]).toEqual(["ready", "not_ready", "Lunch"]);

  // Live after the restart: accepting pushes the next waiting chat to the same stream.
  expect((await ann.post(`/console/offers/${offerId}/accept`)).status).toBe(303);
  let next: string[] = [];
  while (next.length === 0) next = offerIdsIn((await annStream.next("offers", 5000)).data);
  ann.closeStreams();
  bob.closeStreams();
  await app?.kill9();

  const second = stored().offers.find((o) => o.id === next[0]);
  expect([second?.interactionId, second?.status]).toEqual([chats[1], "ringing"]);
  await downLongerThanTheRingTime(ann, bob, chats, next[0] as string);
}, 30_000);

/** The offer's ring time ran out while the appliance was down: it is cancelled and the chat offered anew; nobody is marked Missed. */
async function downLongerThanTheRingTime(ann: WebSession, bob: WebSession, chats: Chats, lapsedId: string) {
  withDb((db) =>
    db
      .update(offers)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(offers.id, lapsedId))
      .run(),
  );
  ann.base = (await serve()).url;
  bob.base = ann.base;
  const stream = await ann.events();
  expect((await stream.next("state", 5000)).data).toContain('data-state="busy"');
  const fresh = offerIdsIn((await stream.next("offers")).data);
  expect(fresh).toHaveLength(1);
  expect(fresh[0]).not.toBe(lapsedId);
  ann.closeStreams();

  const now = stored();
  const byId = new Map(now.offers.map((o) => [o.id, o]));
  expect(byId.get(lapsedId)?.status).toBe("cancelled");
  expect([byId.get(fresh[0] as string)?.interactionId, byId.get(fresh[0] as string)?.status]).toEqual([chats[1], "ringing"]);
  expect(now.offers.filter((o) => o.status === "ringing")).toHaveLength(1);
  expect(now.work.map((i) => [i.id, i.status, i.agentId])).toEqual([
    [chats[0], "active", ids.ann],
    [chats[1], "queued", null],
    [chats[2], "queued", null],
  ]);
  expect([now.ann?.state, now.ann?.reason, now.bob?.state, now.bob?.reason]).toEqual(["busy", null, "not_ready", "Lunch"]);
  expect(await app?.stop()).toBe(0);
  app = null;
}
