import { and, eq, exists, inArray, or, type SQL, sql } from "drizzle-orm";
import { hasPermission, type Role } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { Forbidden, NotFound } from "../shared/index.ts";
import { queuesInScope, scopeOf, teamGroups } from "../supervisor/index.ts";
import { interactions, transferWrapUps } from "./read-model.ts";

/** Whose interactions a viewer may read: admins all; supervisors their teams' agents and departments; agents their own. */
export type HistoryScope = { all: true } | { all: false; agentIds: string[]; queueIds: string[] };

export type HistoryViewer = { id: string; role: Role; permissions: string };

export const NO_REPORTS_PERMISSION = "The interaction history needs the Reports permission. An administrator can give it to you.";

export function historyScopeOf(db: Db, viewer: HistoryViewer): HistoryScope {
  if (viewer.role === "admin") return { all: true };
  if (viewer.role === "agent") {
    if (!hasPermission(viewer, "reports")) throw new Forbidden(NO_REPORTS_PERMISSION);
    return { all: false, agentIds: [viewer.id], queueIds: [] };
  }
  const scope = scopeOf(db, viewer);
  const agentIds = [...new Set(teamGroups(db, scope).flatMap((g) => g.agentIds))];
  return { all: false, agentIds, queueIds: queuesInScope(db, scope, agentIds) };
}

/** The SQL condition on `interactions` for a scope: handled by one of its agents (also a part before a transfer) or in one of its departments. */
export function scopeCondition(db: Db, scope: HistoryScope): SQL | undefined {
  if (scope.all) return undefined;
  const none = sql`0`;
  const byAgent = scope.agentIds.length ? inArray(interactions.agentId, scope.agentIds) : none;
  const byQueue = scope.queueIds.length ? inArray(interactions.queueId, scope.queueIds) : none;
  const byPart = scope.agentIds.length
    ? exists(
        db
          .select({ one: sql`1` })
          .from(transferWrapUps)
          .where(and(eq(transferWrapUps.interactionId, interactions.id), inArray(transferWrapUps.agentId, scope.agentIds))),
      )
    : none;
  return or(byAgent, byQueue, byPart);
}

/** Throws NotFound unless the interaction exists and is in the viewer's scope (another team's work does not exist for them). */
export function assertInScope(db: Db, scope: HistoryScope, interactionId: string): void {
  const row = db
    .select({ id: interactions.id })
    .from(interactions)
    .where(and(eq(interactions.id, interactionId), scopeCondition(db, scope)))
    .get();
  if (!row) throw new NotFound("There is no such interaction in your view.");
}
