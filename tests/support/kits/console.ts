/** Fixtures for the console route tests: two agents in one chat department, signed in to the queues. */
import type { users } from "../../../src/auth/schema.ts";
import type { queues } from "../../../src/routing/schema.ts";
import { insertQueue, insertUser } from "../fixtures.ts";
import type { TestApp } from "../harness.ts";
import { signedIn } from "../users.ts";

export const HX = { "HX-Request": "true" };

type UserFields = Partial<typeof users.$inferInsert>;

export function twoAgents(t: TestApp, queue: Partial<typeof queues.$inferInsert> = {}, ann: UserFields = {}) {
  const annId = insertUser(t.db, { username: "ann", fullName: "Ann Agent", ...ann });
  const bobId = insertUser(t.db, { username: "bob", fullName: "Bob Agent" });
  const sales = insertQueue(t.db, { name: "Sales", strategy: "longest-idle", wrapUpS: 30, ...queue, members: [annId, bobId] });
  // Ann signs in first, so she has been idle longest and gets the first offer.
  t.deps.presence.apply(annId, { type: "login", notReady: false });
  t.clock.advance(1000);
  t.deps.presence.apply(bobId, { type: "login", notReady: false });
  return { ann: annId, bob: bobId, sales, as: (id: string) => signedIn(t, id) };
}

/** Enqueues a chat in the department and returns its interaction and the id of the offer now ringing for `agentId`. */
export function offerTo(t: TestApp, queueId: string, agentId: string, customerName = "Carla Customer") {
  const i = t.deps.routing.enqueue({ channel: "chat", queueId, customerName, customerAddress: "+44 20 7946 0958" });
  const offer = t.deps.routing.ringingOffers(agentId).find((o) => o.interactionId === i.id);
  if (!offer) throw new Error(`no offer rang for ${agentId}`);
  return { interactionId: i.id, offerId: offer.id };
}

/** Offers and accepts a chat for the agent; returns the interaction id. */
export function acceptedBy(t: TestApp, queueId: string, agentId: string, customerName?: string): string {
  const { interactionId, offerId } = offerTo(t, queueId, agentId, customerName);
  t.deps.routing.accept(offerId, agentId);
  return interactionId;
}
