import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { recountStored } from "../chat/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { chatAttachments, chatMessages, conversations, interactions, reportEvents, transferWrapUps } from "./read-model.ts";

export type ForgetSummary = { interactions: number; messages: number; files: number };

/**
 * The interactions of the same customer as this one: itself, and every other with the same number or email
 * (internal calls between colleagues are no customer's).
 */
export function sameCustomer(db: Db, interactionId: string): string[] {
  const i = db.select({ address: interactions.customerAddress }).from(interactions).where(eq(interactions.id, interactionId)).get();
  if (!i) throw new NotFound("There is no such interaction in your view.");
  if (!i.address) return [interactionId];
  const rows = db
    .select({ id: interactions.id })
    .from(interactions)
    .where(or(eq(interactions.id, interactionId), and(eq(interactions.customerAddress, i.address), ne(interactions.direction, "internal"))))
    .all();
  return rows.map((r) => r.id);
}

/**
 * Forgets a customer on request: their name, number, email, subject, attached data, wrap-up notes, chat
 * transcripts, files and rating comments go, in one transaction with its audit row. What reports count stays
 * (the interactions, their times, departments, agents, dispositions, ratings and report events), so the
 * figures of every report are unchanged.
 */
export function forgetCustomer(db: Db, actor: Actor, interactionId: string, now: number): ForgetSummary {
  const ids = sameCustomer(db, interactionId);
  const summary = transaction(db, (tx) => {
    const chats = tx.select({ id: conversations.id }).from(conversations).where(inArray(conversations.interactionId, ids)).all();
    const chatIds = chats.map((c) => c.id);
    let messages = 0;
    let files = 0;
    if (chatIds.length) {
      messages = tx
        .delete(chatMessages)
        .where(inArray(chatMessages.conversationId, chatIds))
        .returning({ id: chatMessages.id })
        .all().length;
      files = tx
        .delete(chatAttachments)
        .where(inArray(chatAttachments.conversationId, chatIds))
        .returning({ id: chatAttachments.id })
        .all().length;
      tx.update(conversations)
        .set({ visitorName: "", visitorEmail: "", context: "{}", comment: null })
        .where(inArray(conversations.id, chatIds))
        .run();
    }
    tx.update(interactions)
      .set({ customerName: "", customerAddress: "", subject: "", attachedData: "{}", notes: null })
      .where(inArray(interactions.id, ids))
      .run();
    tx.update(transferWrapUps).set({ notes: null }).where(inArray(transferWrapUps.interactionId, ids)).run();
    // The wrap-up notes also travel in the reporting log's event; the event itself stays for the counts.
    tx.update(reportEvents)
      .set({ data: sql`json_remove(${reportEvents.data}, '$.notes')` })
      .where(and(inArray(reportEvents.interactionId, ids), eq(reportEvents.type, "interaction.wrapped_up")))
      .run();
    const result = { interactions: ids.length, messages, files };
    recordAudit(tx, actor, "customer.forgotten", { type: "interaction", id: interactionId }, result, now);
    return result;
  });
  if (summary.files) recountStored(db);
  return summary;
}
