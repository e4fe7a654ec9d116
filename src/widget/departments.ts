import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { agentPresence, queueMembers } from "./read-model.ts";
import { listQueues } from "../routing/index.ts";
import { getSettings, withinBusinessHours } from "../settings/index.ts";

/** A chat department as the widget shows it; `offlineForm` says what to offer while it is closed (W9). */
export type Department = { id: string; name: string; open: boolean; reason: "open" | "closed-hours" | "nobody"; offlineForm: boolean };

/** Ids of the chat departments where at least one member is signed in (any state but logged out). */
function staffedQueues(db: Db): Set<string> {
  const rows = db
    .selectDistinct({ queueId: queueMembers.queueId })
    .from(queueMembers)
    .innerJoin(agentPresence, and(eq(agentPresence.userId, queueMembers.userId), ne(agentPresence.state, "logged_out")))
    .all();
  return new Set(rows.map((r) => r.queueId));
}

/** The chat departments, each open or closed now, by name. */
export function listDepartments(db: Db, now: number): Department[] {
  const { businessHours, timeZone } = getSettings(db);
  const inHours = withinBusinessHours(businessHours, now, timeZone);
  const staffed = staffedQueues(db);
  return listQueues(db, "chat").map((q) => {
    const reason = !inHours ? "closed-hours" : staffed.has(q.id) ? "open" : "nobody";
    const offlineForm = reason === "nobody" || (reason === "closed-hours" && businessHours.closedTreatment === "offline-form");
    return { id: q.id, name: q.name, open: reason === "open", reason, offlineForm };
  });
}
