/**
 * FEATURES V3 click-to-dial: the console's dial pad lists the agent's last calls, numbers masked when the
 * agent's profile says so, and Call back dials the number the server knows (a colleague's extension here).
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { callRig, FakePhone, type Rig, waitFor } from "../../../tests/sip/call-rig.ts";
import { insertUser } from "../../../tests/support/fixtures.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { users } from "../../auth/schema.ts";
import { saveSettings } from "../../settings/index.ts";
import { HX } from "../../../tests/support/kits/console.ts";

let r: Rig;
let bob = "";

beforeEach(async () => {
  r = await callRig({ colleague: (ext) => (ext === "1002" ? { userId: bob, name: "Bob Builder", signedIn: true } : null) });
  bob = insertUser(r.t.db, { username: "bob", fullName: "Bob Builder", extension: "1002" });
  r.t.db.update(users).set({ extension: "1001", fullName: "Ann Agent" }).where(eq(users.id, r.agentId)).run();
  r.phones.set(r.agentId, new FakePhone());
  r.phones.set(bob, new FakePhone());
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  r.t.deps.presence.apply(bob, { type: "login", notReady: false });
});
afterEach(() => r.close());

const ann = () => signedIn(r.t, r.agentId);
const recentOf = async () => {
  const page = await (await ann().get("/console")).text();
  return page.slice(page.indexOf('id="recent-calls"'), page.indexOf("</ul>", page.indexOf('id="recent-calls"')));
};

test("a caller's number is masked in the list for an agent whose profile masks numbers; Call back is offered", async () => {
  r.t.db.update(users).set({ maskSensitive: true }).where(eq(users.id, r.agentId)).run();
  saveSettings(r.t.db, { timeZone: "Asia/Tokyo" }, r.t.clock.now());
  expect(await recentOf()).toContain("No calls yet.");
  r.provider.invite();
  await r.provider.response(200);
  r.provider.ack();
  await waitFor(() => r.t.deps.routing.ringingOffers(r.agentId).length === 1, "the offer");
  const offer = r.t.deps.routing.ringingOffers(r.agentId)[0];
  r.t.deps.routing.accept(offer?.id ?? "", r.agentId);
  r.calls.control(offer?.interactionId ?? "", r.agentId, "hang_up");
  const list = await recentOf();
  // When it started, in the center's time zone (the clock reads 09:00 UTC).
  expect(list).toContain("Incoming at 18:00 (");
  expect(list).toContain("Carol Caller");
  expect(list).toContain("+•••••••9999");
  expect(list).not.toContain("41799999999");
  expect(list).toContain(`action="/console/voice/${offer?.interactionId}/call-back"`);
});

test("Call back on a colleague's call rings them again; another agent's call cannot be called back", async () => {
  expect((await ann().post("/console/voice/dial", { number: "1002" }, HX)).status).toBe(204);
  const [mine] = r.t.deps.routing.openWork(r.agentId);
  if (!mine) throw new Error("no call");
  r.calls.control(mine.id, r.agentId, "hang_up");
  expect(await recentOf()).toContain("Colleague");
  expect(r.t.deps.routing.ringingOffers(bob)).toEqual([]);

  expect((await ann().post(`/console/voice/${mine.id}/call-back`, {}, HX)).status).toBe(204);
  expect(r.t.deps.routing.ringingOffers(bob)).toHaveLength(1);
  const theirs = signedIn(r.t, bob);
  expect((await theirs.post(`/console/voice/${mine.id}/call-back`, {}, HX)).status).toBe(404);
});
