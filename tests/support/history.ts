/** A morning of customer work for the interaction-history tests: two teams, a call, an abandoned call, a chat with a file. */
import { eq } from "drizzle-orm";
import { users } from "../../src/auth/schema.ts";
import { createConversation, getConversation, postVisitorMessage, rateConversation, sendAttachment } from "../../src/chat/index.ts";
import { queues } from "../../src/routing/schema.ts";
import { twoTeams } from "./kits/supervisor.ts";
import type { TestApp } from "./harness.ts";
import { PNG_BYTES } from "./users.ts";

export const CARLA = { name: "Carla Rossi", number: "+39 06 555 1234", account: "AC-778" };
export const DAN = { name: "Dan Visitor", email: "dan@example.test", words: "my invoice 4411 is wrong" };

/**
 * Ann (team Alpha, Sales) answers Carla's call and wraps it up; Carla calls again and gives up; Bob
 * (team Bravo, Billing) answers Dan's chat, which holds a message and a picture, and Dan rates it.
 */
export function historyMorning(t: TestApp) {
  const f = twoTeams(t);
  const { routing, presence } = t.deps;
  t.db.update(queues).set({ wrapUpS: 30 }).run();
  presence.apply(f.ann, { type: "login", notReady: false });

  const call = routing.enqueue({
    channel: "voice",
    queueId: f.sales,
    customerName: CARLA.name,
    customerAddress: CARLA.number,
    attachedData: { Account: CARLA.account },
  });
  t.clock.advance(8000);
  routing.accept((routing.ringingOffers(f.ann)[0] as { id: string }).id, f.ann);
  t.clock.advance(120_000);
  routing.end(call.id, f.ann);
  t.clock.advance(10_000);
  routing.wrapUp(call.id, f.ann, "Resolved", `Carla asked about ${CARLA.account}`);

  t.clock.advance(60_000);
  const again = routing.enqueue({ channel: "voice", queueId: f.sales, customerName: CARLA.name, customerAddress: CARLA.number });
  presence.apply(f.ann, { type: "choose_not_ready", reason: "Break" });
  t.clock.advance(4000);
  routing.abandon(again.id);

  presence.apply(f.bob, { type: "login", notReady: false });
  const { conversation } = createConversation(t.deps, { name: DAN.name, email: DAN.email, queueId: f.billing, context: {} }, t.clock.now());
  const chatId = conversation.interactionId as string;
  routing.accept((routing.ringingOffers(f.bob)[0] as { id: string }).id, f.bob);
  const open = getConversation(t.db, conversation.id) as NonNullable<ReturnType<typeof getConversation>>;
  postVisitorMessage(t.deps, open, { body: DAN.words });
  sendAttachment(t.deps, open, { name: "bill.png", bytes: PNG_BYTES }, { senderKind: "visitor" });
  t.clock.advance(30_000);
  routing.end(chatId, f.bob);
  routing.wrapUp(chatId, f.bob, "Follow-up needed", "");
  rateConversation(
    t.db,
    getConversation(t.db, conversation.id) as typeof open,
    { rating: "4", comment: "Quick help, thanks Dan" },
    t.clock.now(),
  );
  return { ...f, callId: call.id, againId: again.id, chatId, conversationId: conversation.id };
}

/** Gives an agent the Reports permission (A1) besides their others. */
export function grantReports(t: TestApp, userId: string): void {
  t.db.update(users).set({ permissions: '["voice","chat","reports"]' }).where(eq(users.id, userId)).run();
}

export const day = (t: TestApp) => new Date(t.clock.now()).toISOString().slice(0, 10);
