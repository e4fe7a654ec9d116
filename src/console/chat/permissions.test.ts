import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { users } from "../../auth/schema.ts";
import { createConversation } from "../../chat/index.ts";
import { insertQueue, insertUser } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { adminClient, signedIn } from "../../../tests/support/users.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../../tests/support/kits/console-chat.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const withPermissions = (id: string, list: string[]) =>
  t.db
    .update(users)
    .set({ permissions: JSON.stringify(list) })
    .where(eq(users.id, id))
    .run();

describe("the Chat permission (FEATURES A1)", () => {
  test("removed by the admin: the agent's next chat is not offered to them, and their chat routes answer 403 with a message", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const admin = await adminClient(t);
    const saved = await admin.c.post(`/admin/agents/${ann}`, {
      fullName: "Ann Realname",
      username: "ann",
      role: "agent",
      typology: "browser",
      capChat: "0",
      permissions: ["voice"],
    });
    expect(saved.status).toBe(303);
    const { conversation } = createConversation(t.deps, { name: "Nina", email: "", queueId: sales, context: {} }, t.clock.now());
    expect(t.deps.routing.ringingOffers(ann).map((o) => o.interactionId)).not.toContain(conversation.interactionId);
    for (const path of [`/console/chat/${interactionId}/messages`, `/console/chat/${interactionId}/controls`]) {
      const res = await as(ann).get(path, HX);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("You do not have the Chat permission.");
    }
    const send = await as(ann).post(`/console/chat/${interactionId}/messages`, { body: "Hello", clientId: "c1" }, HX);
    expect(send.status).toBe(403);
  });

  test("an offer that rang before the permission was removed cannot be accepted: 403 with a message", async () => {
    const { ann, sales, as } = chatTeam(t);
    createConversation(t.deps, { name: "Nina", email: "", queueId: sales, context: {} }, t.clock.now());
    const offer = t.deps.routing.ringingOffers(ann)[0];
    withPermissions(ann, ["voice"]);
    const res = await as(ann).post(`/console/offers/${offer?.id}/accept`, {}, HX);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You do not have the Chat permission.");
    expect(t.deps.routing.get(offer?.interactionId ?? "").status).toBe("queued");
  });

  test("a chat transfer to a colleague without Chat fails visibly and the chat stays with the sender", async () => {
    const { ann, bob, sales, as } = chatTeam(t);
    withPermissions(bob, ["voice"]);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/transfer`, { to: `agent:${bob}` }, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Bob Agent cannot take chat work: they do not have the Chat permission.");
    expect(t.deps.routing.get(interactionId)).toMatchObject({ agentId: ann, targetAgentId: null });
  });
});

describe("the Voice permission (FEATURES A1)", () => {
  test("without it the console has no phone and no dial pad, and the voice routes answer 403 with a message", async () => {
    const cleo = insertUser(t.db, { username: "cleo", permissions: JSON.stringify(["chat", "outside_calls"]) });
    insertQueue(t.db, { name: "Calls", channel: "voice", members: [cleo] });
    const c = signedIn(t, cleo);
    const page = await (await c.get("/console")).text();
    expect(page).not.toContain('id="dial"');
    expect(page).not.toContain('id="phone"');
    expect(page).not.toContain("/static/phone.js");
    for (const path of ["/console/voice/dial", "/console/offers/x/answer", "/console/voice/x/hangup"]) {
      const res = await c.post(path, { number: "1001" }, HX);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("You do not have the Voice permission.");
    }
    t.deps.routing.enqueue({ channel: "voice", targetAgentId: cleo });
    expect(t.deps.routing.ringingOffers(cleo)).toHaveLength(0);
  });

  test("with it the console has the phone and the dial pad", async () => {
    const vic = insertUser(t.db, { username: "vic", permissions: JSON.stringify(["voice"]) });
    const page = await (await signedIn(t, vic).get("/console")).text();
    expect(page).toContain('id="dial"');
    expect(page).toContain('id="phone"');
  });
});
