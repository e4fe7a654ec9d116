/** Fixtures for the console's chat route tests: agents in chat departments and web chats accepted by one of them. */
import type { users } from "../../../src/auth/schema.ts";
import { type Conversation, createConversation, getConversation } from "../../../src/chat/index.ts";
import { insertQueue, insertUser } from "../fixtures.ts";
import type { TestApp } from "../harness.ts";
import { signedIn } from "../users.ts";

export const HX = { "HX-Request": "true" };

/**
 * Ann ("Annie" to customers) is Ready in Sales; Bob ("Bobby") works Sales and Billing but is Not Ready;
 * Cal works Sales and is signed out of the queues.
 */
export function chatTeam(t: TestApp, ann: Partial<typeof users.$inferInsert> = {}) {
  const annId = insertUser(t.db, { username: "ann", fullName: "Ann Realname", alias: "Annie", ...ann });
  const bobId = insertUser(t.db, { username: "bob", fullName: "Bob Agent", alias: "Bobby" });
  const calId = insertUser(t.db, { username: "cal", fullName: "Cal Away", alias: "Cal" });
  const sales = insertQueue(t.db, { name: "Sales", wrapUpS: 0, members: [annId, bobId, calId] });
  const billing = insertQueue(t.db, { name: "Billing", wrapUpS: 0, members: [bobId] });
  t.deps.presence.apply(annId, { type: "login", notReady: false });
  t.deps.presence.apply(bobId, { type: "login", notReady: true });
  return { ann: annId, bob: bobId, cal: calId, sales, billing, as: (id: string) => signedIn(t, id) };
}

/** A visitor starts a chat in the department and the agent accepts it. */
export function chatAcceptedBy(t: TestApp, queueId: string, agentId: string, visitorName = "Vera Visitor") {
  const { conversation } = createConversation(t.deps, { name: visitorName, email: "vera@home.test", queueId, context: {} }, t.clock.now());
  const interactionId = conversation.interactionId as string;
  const offer = t.deps.routing.ringingOffers(agentId).find((o) => o.interactionId === interactionId);
  if (!offer) throw new Error(`no offer rang for ${agentId}`);
  t.deps.routing.accept(offer.id, agentId);
  return { interactionId, conversation: getConversation(t.db, conversation.id) as Conversation };
}
