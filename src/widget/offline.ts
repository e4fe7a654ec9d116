import {
  appendMessageTx,
  type Conversation,
  conversationInTx,
  linkConversation,
  listOfflineConversations,
  storeOfflineConversation,
} from "../chat/index.ts";
import { transaction, type Db } from "../db/index.ts";
import { listQueues, type Routing } from "../routing/index.ts";
import { FormReader, newId } from "../shared/index.ts";
import type { Department } from "./departments.ts";

export type OfflineInput = { name: string; email: string; message: string; department: Department | null };

/** The offline message form (W9): name, email, message and, optionally, the department it was meant for. */
export function readOfflineForm(data: Record<string, unknown>, departments: Department[]): OfflineInput {
  const form = new FormReader(data);
  const name = form.text("name", { label: "Name", required: true, max: 80 });
  const email = form.email("email", "Email", true);
  const message = form.text("message", { label: "Message", required: true, max: 2000 });
  const id = form.text("department", { label: "Department", max: 64 });
  const department = departments.find((d) => d.id === id) ?? null;
  if (id && !department) form.fail("department", "Department is not one of the chat departments");
  form.done();
  return { name, email, message, department };
}

/**
 * Stores an offline message as a conversation with status `offline` and the visitor's text as its message.
 * When an email department exists, it also becomes a queued email interaction there (the first by name),
 * so it waits for an agent as a follow-up; without one it is only stored (listOfflineMessages).
 */
export function leaveOfflineMessage(deps: { db: Db; routing: Routing }, input: OfflineInput, now: number): Conversation {
  const emailQueue = listQueues(deps.db, "email")[0];
  const id = newId();
  return transaction(deps.db, (tx) => {
    storeOfflineConversation(tx, id, { name: input.name, email: input.email, queueId: input.department?.id ?? null }, now);
    appendMessageTx(tx, id, { senderKind: "visitor", body: input.message }, now);
    if (!emailQueue) return conversationInTx(tx, id);
    const interaction = deps.routing.enqueue({
      channel: "email",
      queueId: emailQueue.id,
      customerName: input.name,
      customerAddress: input.email,
      subject: `Offline message from the website${input.department ? ` (${input.department.name})` : ""}`,
      attachedData: { Message: input.message.slice(0, 200) },
    });
    return linkConversation(tx, id, interaction.id);
  });
}

/** The latest offline messages, newest first (for a follow-up list). */
export function listOfflineMessages(db: Db, limit = 100): Conversation[] {
  return listOfflineConversations(db, limit);
}
