import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { postVisitorMessage } from "../../chat/index.ts";
import { chatMessages } from "../../chat/conversation-schema.ts";
import { mailOutbox } from "../../integrations/mail/schema.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../../tests/support/kits/console-chat.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const bodies = (conversationId: string) =>
  t.db
    .select({ body: chatMessages.body })
    .from(chatMessages)
    .where(eq(chatMessages.conversationId, conversationId))
    .orderBy(chatMessages.seq)
    .all()
    .map((m) => m.body);

describe("transfer (W4)", () => {
  test("the form lists the colleagues of my chat departments with their state, and the chat departments", async () => {
    const { ann, bob, cal, sales, billing, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const html = await (await as(ann).get(`/console/chat/${interactionId}/transfer`, HX)).text();
    expect(html).toContain(`<option value="agent:${bob}">Bob Agent (Not Ready)</option>`);
    expect(html).toContain(`<option value="agent:${cal}">Cal Away (Logged out)</option>`);
    expect(html).not.toContain(`agent:${ann}`);
    expect(html).toContain(`<option value="queue:${sales}">Sales</option>`);
    expect(html).toContain(`<option value="queue:${billing}">Billing</option>`);
  });

  test("to a Not Ready agent: a direct offer rings for them while the chat stays with the sender", async () => {
    const { ann, bob, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/transfer`, { to: `agent:${bob}` }, HX);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(">Transfer</button>");
    expect(t.deps.routing.ringingOffers(bob).map((o) => o.interactionId)).toEqual([interactionId]);
    expect(t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: ann, targetAgentId: bob });
  });

  test("accepted: the receiver's tab gets the whole history with a Transferred line; the sender's is gone", async () => {
    const { ann, bob, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    postVisitorMessage(t.deps, conversation, { body: "I need billing help" });
    await as(ann).post(`/console/chat/${interactionId}/messages`, { body: "Passing you on." }, HX);
    await as(ann).post(`/console/chat/${interactionId}/transfer`, { to: `agent:${bob}` }, HX);
    t.deps.routing.accept(t.deps.routing.ringingOffers(bob)[0]?.id as string, bob);
    const html = await (await as(bob).get(`/console/chat/${interactionId}/messages`, HX)).text();
    for (const text of ["Annie joined the chat.", "I need billing help", "Passing you on.", "Transferred to Bobby."])
      expect(html).toContain(text);
    expect((await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).status).toBe(404);
  });

  test("to an agent signed out of the queues: 409 with the reason, and the chat stays as it was", async () => {
    const { ann, cal, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/transfer`, { to: `agent:${cal}` }, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe("Cal Away is not available right now.");
    expect(t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: ann, targetAgentId: null });
  });

  test("to a department: queued there again, the visitor is told, the sender is free", async () => {
    const { ann, sales, billing, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/transfer`, { to: `queue:${billing}` }, HX);
    expect(res.status).toBe(200);
    expect(t.deps.routing.get(interactionId)).toMatchObject({ status: "queued", queueId: billing, agentId: null });
    expect(bodies(conversation.id).at(-1)).toBe("Transferred to the Billing department. Please wait.");
    expect(t.deps.presence.get(ann).state).toBe("ready");
  });

  test("a target that is not in the list is refused with 422 and the form", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    for (const to of ["", `agent:${ann}`, "queue:nope", "agent:<script>"]) {
      const res = await as(ann).post(`/console/chat/${interactionId}/transfer`, { to }, HX);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("Transfer to");
    }
    expect(t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: ann, targetAgentId: null });
  });
});

describe("transcript (W3)", () => {
  test("queues the transcript mail to the given address and says so", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    postVisitorMessage(t.deps, conversation, { body: "Please <b>mail</b> me this" });
    const res = await as(ann).post(`/console/chat/${interactionId}/transcript`, { email: "Copy@Home.test" }, HX);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Transcript sent to copy@home.test.");
    const [mail] = t.db.select().from(mailOutbox).all();
    expect(mail).toMatchObject({ to: "copy@home.test", status: "pending" });
    expect(mail?.text).toContain("Vera Visitor: Please <b>mail</b> me this");
    expect(mail?.html).toContain("Please &lt;b&gt;mail&lt;/b&gt; me this");
    expect(mail?.text).not.toContain("Ann Realname");
  });

  test("a bad address is refused with 422 in place; after End session the transcript can still be sent", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const bad = await as(ann).post(`/console/chat/${interactionId}/transcript`, { email: "not-an-address" }, HX);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Email is not a valid email address");
    expect(html).toContain('value="not-an-address"');
    t.deps.routing.end(interactionId, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/transcript`, { email: "vera@home.test" }, HX);
    expect(res.status).toBe(200);
    const [mail] = t.db.select().from(mailOutbox).all();
    expect(mail?.text).toContain("Annie ended the chat.");
  });
});
