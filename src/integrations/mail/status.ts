import { eq } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { mailOutbox } from "./schema.ts";

export type MailStatus = { status: "pending" | "sent" | "failed"; attempts: number; lastError: string | null };

/** Where one queued mail stands (e.g. the admin's test mail), or null when there is no such mail. */
export function mailStatus(db: Db, id: string): MailStatus | null {
  return (
    db
      .select({ status: mailOutbox.status, attempts: mailOutbox.attempts, lastError: mailOutbox.lastError })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, id))
      .get() ?? null
  );
}
