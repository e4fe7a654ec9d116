/**
 * FEATURES Q5: a session that ends takes everything it holds open with it. Signing out, being disabled or
 * deleted, or a password change elsewhere closes the session's event stream and phone socket at once, so no
 * more rows arrive and no more pings keep the user present; a change of teams gives a fresh stream.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { agentPresence } from "../../src/presence/schema.ts";
import { addTeamMember, createTeam } from "../../src/teams/index.ts";
import { insertUser, startTestAppliance } from "../support/browser.ts";
import { WebSession } from "../web-session.ts";

setDefaultTimeout(30_000);
const PASSWORD = "Sturdy-Pass-31";
const NEW = "Brand-New-Pass-2";
const SYSTEM = { id: null, name: "test" };
let app: Awaited<ReturnType<typeof startTestAppliance>>;
const ids = { boss: "", sue: "", ann: "", team: "" };
let admin: WebSession;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  app = await startTestAppliance();
  const { db } = app.deps;
  const now = app.clock.now();
  ids.boss = await insertUser(db, { username: "boss", fullName: "Big Boss", role: "admin", password: PASSWORD, now });
  ids.sue = await insertUser(db, { username: "sue", fullName: "Sue Super", role: "supervisor", password: PASSWORD, now });
  ids.ann = await insertUser(db, { username: "ann", fullName: "Ann Agent", password: PASSWORD, now });
  ids.team = createTeam(db, { name: "Alpha", description: "" }, SYSTEM, now);
  addTeamMember(db, ids.team, ids.ann, "member", SYSTEM, now);
  addTeamMember(db, ids.team, ids.sue, "supervisor", SYSTEM, now);
  admin = await signedIn("boss");
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await app.cleanup();
});

async function signedIn(username: string): Promise<WebSession> {
  const s = new WebSession(app.url);
  await s.signIn(username, PASSWORD);
  return s;
}

const disable = (userId: string) => admin.post("/admin/agents/bulk", { action: "disable", ids: userId });
const annState = () => app.deps.db.select().from(agentPresence).where(eq(agentPresence.userId, ids.ann)).get()?.state;

/** The phone's signalling socket as the console opens it; resolves once open. */
async function phoneSocket(s: WebSession): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${app.url.replace("http", "ws")}/phone/ws`, {
    headers: { cookie: s.cookieHeader, origin: app.url },
  } as unknown as string[]); // Bun takes headers here; the DOM type does not know it
  sockets.push(ws);
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  return { ws, closed };
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, Bun.sleep(ms).then(() => "still open" as const)]);

test("signing out ends the page's event stream at once, and it cannot be opened again", async () => {
  const ann = await signedIn("ann");
  const cookie = ann.cookieHeader;
  const events = await ann.events();
  await events.next("state");
  expect((await ann.post("/logout")).status).toBe(303);
  expect(await events.ends(2_000)).toBe(true);
  expect((await fetch(`${app.url}/events`, { headers: { cookie } })).status).toBe(401);
});

test("a disabled supervisor's stream ends: no more team rows", async () => {
  const sue = await signedIn("sue");
  const events = await sue.events();
  app.deps.presence.apply(ids.ann, { type: "login", notReady: true });
  expect((await events.next(`agent-${ids.ann}`)).data).toContain("Not Ready");

  expect((await disable(ids.sue)).status).toBe(303);
  expect(await events.ends(2_000)).toBe(true);
});

test("a disabled agent leaves the queues at once, its stream (and so its pings) and phone socket end", async () => {
  const ann = await signedIn("ann");
  const events = await ann.events();
  await events.next("state");
  const phone = await phoneSocket(ann);
  app.deps.presence.apply(ids.ann, { type: "login", notReady: false });
  expect(annState()).toBe("ready");

  expect((await disable(ids.ann)).status).toBe(303);
  expect(await within(phone.closed, 2_000)).toBe(4001);
  expect(await events.ends(2_000)).toBe(true);
  // Out of the queues at once: no more offers for a disabled agent.
  expect(annState()).toBe("logged_out");
  // Put back in the queues by hand: with the stream gone no ping keeps the agent present, the sweep marks them away.
  app.deps.presence.apply(ids.ann, { type: "login", notReady: false });
  for (let i = 0; i < 5; i++) app.clock.advance(20_000);
  expect(annState()).toBe("not_ready");
});

test("deleting a user ends their stream and phone socket", async () => {
  const ann = await signedIn("ann");
  const events = await ann.events();
  await events.next("state");
  const phone = await phoneSocket(ann);
  expect((await admin.post("/admin/agents/bulk", { action: "delete", ids: ids.ann, confirm: "yes" })).status).toBe(303);
  expect(await within(phone.closed, 2_000)).toBe(4001);
  expect(await events.ends(2_000)).toBe(true);
});

test("a password change ends the streams of the user's other sessions and keeps this one's", async () => {
  const here = await signedIn("ann");
  const elsewhere = await signedIn("ann");
  const mine = await here.events();
  const theirs = await elsewhere.events();
  await mine.next("state");
  await theirs.next("state");

  expect((await here.post("/profile/password", { current: PASSWORD, password: NEW, confirm: NEW })).status).toBe(303);
  expect(await theirs.ends(2_000)).toBe(true);
  app.clock.advance(20_000);
  expect(await mine.comment()).toBe(": ping");
});

test("a supervisor taken out of the team gets a fresh stream that no longer carries the team's rows", async () => {
  const sue = await signedIn("sue");
  const events = await sue.events();
  app.deps.presence.apply(ids.ann, { type: "login", notReady: true });
  await events.next(`agent-${ids.ann}`);

  expect((await admin.post(`/admin/teams/${ids.team}/members/${ids.sue}/remove`)).status).toBe(303);
  expect(await events.ends(2_000)).toBe(true);
  const fresh = await sue.events();
  app.deps.presence.apply(ids.ann, { type: "choose_ready" });
  expect((await fresh.within(500)).filter((e) => e.event === `agent-${ids.ann}`)).toEqual([]);
});

test("a supervisor made an agent on the user form gets a fresh stream; an edit that changes no access keeps it", async () => {
  const sue = await signedIn("sue");
  const events = await sue.events();
  await events.next("state");
  const edit = (fields: Record<string, string>) =>
    admin.post(`/admin/agents/${ids.sue}`, { fullName: "Sue Super", username: "sue", typology: "browser", teamIds: ids.team, ...fields });

  expect((await edit({ role: "supervisor", description: "Day shift" })).status).toBe(303);
  expect(await events.ends(500)).toBe(false);
  expect((await edit({ role: "agent" })).status).toBe(303);
  expect(await events.ends(2_000)).toBe(true);
});

test("a stream stops at the first ping after its session has run out", async () => {
  const ann = await signedIn("ann");
  const events = await ann.events();
  await events.next("state");
  app.clock.advance(app.deps.config.sessionHours * 3600_000 - 30_000);
  expect(await events.ends(300)).toBe(false);
  app.clock.advance(60_000);
  expect(await events.ends(2_000)).toBe(true);
});
