import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { postVisitorMessage } from "../../chat/index.ts";
import { chatMessages } from "../../chat/conversation-schema.ts";
import { createPredefined } from "../../predefined/index.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../../tests/support/kits/console-chat.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const stored = (conversationId: string) =>
  t.db.select().from(chatMessages).where(eq(chatMessages.conversationId, conversationId)).orderBy(chatMessages.seq).all();
const XSS = `<img src=x onerror="alert(1)">`;

/** Each part appears after the one before it. */
function inOrder(html: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = html.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

describe("the chat log of a tab", () => {
  test("shows the whole history: the visitor's name, the agent's alias (never the real name) and system lines", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    postVisitorMessage(t.deps, conversation, { body: "Where is my order?" });
    await as(ann).post(`/console/chat/${interactionId}/messages`, { body: "Let me look.", clientId: "c1" }, HX);
    const html = await (await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).text();
    expect(inOrder(html, ["Annie joined the chat.", "Vera Visitor", "Where is my order?", "Annie", "Let me look."])).toBe(true);
    expect(html.match(/data-seq="(\d+)"/g)).toEqual(['data-seq="1"', 'data-seq="2"', 'data-seq="3"']);
    expect(html).not.toContain("Ann Realname");
    expect(html).toContain("Sent");
  });

  test("customer markup is shown as text", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann, XSS);
    postVisitorMessage(t.deps, conversation, { body: XSS });
    const html = await (await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=");
  });

  test("the controls offer the predefined messages (personal wins) and the customer's address for the transcript", async () => {
    const { ann, sales, as } = chatTeam(t);
    const actor = { id: null, name: "test" };
    createPredefined(t.db, null, { shortcut: "hi", title: "Greeting", body: "Hello from the center" }, actor, t.clock.now());
    createPredefined(t.db, ann, { shortcut: "hi", title: "My greeting", body: "Hi, Annie here" }, actor, t.clock.now());
    createPredefined(t.db, null, { shortcut: "bye", title: "Goodbye", body: "Thank you for chatting" }, actor, t.clock.now());
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const html = await (await as(ann).get(`/console/chat/${interactionId}/controls`, HX)).text();
    expect(html).toContain('data-shortcut="hi" data-body="Hi, Annie here"');
    expect(html).toContain('data-shortcut="bye"');
    expect(html).not.toContain("Hello from the center");
    expect(html).toContain('value="vera@home.test"');
    for (const label of ["Send", "Insert", "Transfer", "Email transcript", "Attach a file"]) expect(html).toContain(label);
  });
});

describe("sending", () => {
  test("answers 201 with the stored message only once it is committed; a retried client id stores it once", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const send = () => as(ann).post(`/console/chat/${interactionId}/messages`, { body: "Line one\r\nline two", clientId: "retry-1" }, HX);
    const first = await send();
    expect(first.status).toBe(201);
    const onDisk = stored(conversation.id).filter((m) => m.senderKind === "agent");
    expect(onDisk.map((m) => [m.body, m.senderId, m.agentAlias, m.clientId])).toEqual([["Line one\nline two", ann, "Annie", "retry-1"]]);
    const html = await first.text();
    expect(html).toContain(`data-seq="${onDisk[0]?.seq}"`);
    expect(html).toContain('data-client-id="retry-1"');
    const again = await send();
    expect(again.status).toBe(201);
    expect(await again.text()).toContain(`data-seq="${onDisk[0]?.seq}"`);
    expect(stored(conversation.id).filter((m) => m.senderKind === "agent")).toHaveLength(1);
  });

  test("an empty or too long message is refused with 422 in place, keeping what was typed", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const empty = await as(ann).post(`/console/chat/${interactionId}/messages`, { body: "   ", clientId: "e1" }, HX);
    expect(empty.status).toBe(422);
    expect(empty.headers.get("HX-Retarget")).toBe(`#chat-compose-${interactionId}`);
    expect(await empty.text()).toContain("Message is required");
    const long = await as(ann).post(`/console/chat/${interactionId}/messages`, { body: `keep ${"x".repeat(2000)}` }, HX);
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toContain("Message must be at most 2000 characters");
    expect(html).toContain("keep xxx");
    expect(stored(conversation.id).map((m) => m.senderKind)).toEqual(["system"]);
  });

  test("another agent's chat is not found for every action, and nothing is written", async () => {
    const { ann, bob, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const bobs = as(bob);
    const attempts = [
      await bobs.get(`/console/chat/${interactionId}/messages`, HX),
      await bobs.get(`/console/chat/${interactionId}/controls`, HX),
      await bobs.post(`/console/chat/${interactionId}/messages`, { body: "hijack" }, HX),
      await bobs.post(`/console/chat/${interactionId}/typing`, {}, HX),
      await bobs.post(`/console/chat/${interactionId}/transcript`, { email: "bob@evil.test" }, HX),
      await bobs.get(`/console/chat/${interactionId}/transfer`, HX),
      await bobs.post(`/console/chat/${interactionId}/transfer`, { to: `agent:${bob}` }, HX),
      await bobs.get("/console/chat/no-such-id/messages", HX),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect(stored(conversation.id).map((m) => m.body)).toEqual(["Annie joined the chat."]);
    expect(t.deps.routing.get(interactionId).agentId).toBe(ann);
  });

  test("after End session sending answers 409 and the controls say the chat has ended", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    t.deps.routing.end(interactionId, ann);
    // No wrap-up here, so the tab is gone; with a wrap-up the tab stays and shows the end.
    const res = await as(ann).post(`/console/chat/${interactionId}/messages`, { body: "too late" }, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe("This chat has ended.");
    const controls = await (await as(ann).get(`/console/chat/${interactionId}/controls`, HX)).text();
    expect(controls).toContain("The chat has ended.");
    expect(controls).toContain("Email transcript");
    expect(controls).not.toContain("Attach a file");
  });

  test("typing is signalled to the visitor under the alias", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const seen: Record<string, unknown>[] = [];
    t.deps.bus.subscribe("conversation.typed", (p) => seen.push(p));
    expect((await as(ann).post(`/console/chat/${interactionId}/typing`, {}, HX)).status).toBe(204);
    expect(seen).toEqual([expect.objectContaining({ conversationId: conversation.id, by: "agent", alias: "Annie" })]);
  });
});
