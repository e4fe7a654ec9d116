import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { leaveConversation, postVisitorMessage } from "../../chat/index.ts";
import { insertQueue } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../../tests/support/kits/console-chat.ts";
import { type ReadEvent, SseReader } from "../../../tests/support/sse-reader.ts";

let t: TestApp;
const open: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of open.splice(0)) await r.cancel().catch(() => {});
  t.cleanup();
});

/** A connected console, with the events of its snapshot. */
async function consoleOf(userId: string): Promise<{ reader: SseReader; snapshot: ReadEvent[] }> {
  const reader = new SseReader(await signedIn(t, userId).get("/events"));
  open.push(reader);
  const snapshot = await reader.within(150);
  return { reader, snapshot };
}

const named = (events: ReadEvent[], name: string) => events.filter((e) => e.event === name);

describe("chat pushes to the handling agent's console", () => {
  test("a visitor's message goes to the agent handling the chat only, as the log's fragment", async () => {
    const { ann, bob, sales } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const annConsole = (await consoleOf(ann)).reader;
    const bobConsole = (await consoleOf(bob)).reader;
    postVisitorMessage(t.deps, conversation, { body: "Hello <b>there</b>" });
    const pushed = await annConsole.next(`chat-${interactionId}`);
    expect(pushed.data).toContain('data-seq="2"');
    expect(pushed.data).toContain("Vera Visitor");
    expect(pushed.data).toContain("Hello &lt;b&gt;there&lt;/b&gt;");
    expect((await bobConsole.within(100)).map((e) => e.event)).not.toContain(`chat-${interactionId}`);
  });

  test("the visitor typing shows '… is typing' to the agent", async () => {
    const { ann, sales } = chatTeam(t);
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const { reader } = await consoleOf(ann);
    t.deps.bus.publish("conversation.typed", { conversationId: conversation.id, interactionId, by: "visitor", at: t.clock.now() });
    expect((await reader.next(`chat-typing-${interactionId}`)).data).toBe("<span>Vera Visitor is typing…</span>");
  });

  test("when the visitor leaves, the agent gets the system line and the ended controls", async () => {
    const { ann, sales } = chatTeam(t, {});
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    const { reader } = await consoleOf(ann);
    leaveConversation(t.deps, conversation, t.clock.now());
    expect((await reader.next(`chat-${interactionId}`)).data).toContain("Vera Visitor left the chat.");
    const controls = await reader.next(`chat-controls-${interactionId}`);
    expect(controls.data).toContain("The chat has ended.");
    expect(controls.data).not.toContain("Attach a file");
  });

  test("a (re)connecting console gets each open chat's whole log, and ended controls only for a chat that ended", async () => {
    const { ann, sales, as } = chatTeam(t);
    const first = chatAcceptedBy(t, sales, ann, "Fay First");
    const second = chatAcceptedBy(t, sales, ann, "Sam Second");
    const support = insertQueue(t.db, { name: "Support", wrapUpS: 60, members: [ann] });
    const wrapping = chatAcceptedBy(t, support, ann, "Will Wrap");
    t.deps.routing.end(wrapping.interactionId, ann);
    postVisitorMessage(t.deps, first.conversation, { body: "first question" });
    await as(ann).post(`/console/chat/${first.interactionId}/messages`, { body: "first answer" }, HX);
    const { snapshot } = await consoleOf(ann);
    const log = named(snapshot, `chat-${first.interactionId}`);
    expect(log).toHaveLength(1);
    expect(log[0]?.data.match(/data-seq/g)).toHaveLength(3);
    expect(log[0]?.data).toContain("first answer");
    expect(named(snapshot, `chat-${second.interactionId}`)[0]?.data).toContain("Annie joined the chat.");
    expect(snapshot.map((e) => e.event).filter((e) => e.startsWith("chat-controls-"))).toEqual([`chat-controls-${wrapping.interactionId}`]);
    expect(named(snapshot, `chat-${wrapping.interactionId}`)[0]?.data).toContain("Annie ended the chat.");
  });
});
