import type { AppDeps } from "../deps.ts";
import { listTeamMembers, teamsOfUser } from "../teams/index.ts";

/** Edits of a user that change what their live views may hear (or who hears about them). */
const ACCESS_FIELDS = new Set(["role", "teams", "queues"]);

/**
 * Ends the users' open event streams (each signed-in page listens on `user:<id>`): the browsers reconnect at
 * once and subscribe again with the topics the users have now.
 */
function reopenEventStreams(deps: AppDeps, userIds: string[]): void {
  for (const id of new Set(userIds)) deps.hub.closeTopic(`user:${id}`);
}

/** Everyone in these teams, members and supervisors: whose live view a change of the teams touches. */
function peopleOf(deps: AppDeps, teamIds: string[]): string[] {
  return teamIds.flatMap((id) => listTeamMembers(deps.db, id).map((m) => m.userId));
}

/**
 * What a stream hears is decided when it opens (ARCHITECTURE "Push"): after an admin changes who sees whom,
 * everyone it touches gets a fresh stream (the browser reconnects at once with the access it has now).
 */
export async function changingTeam(deps: AppDeps, teamId: string, change: () => Promise<void>): Promise<void> {
  const before = peopleOf(deps, [teamId]);
  await change();
  reopenEventStreams(deps, [...before, ...peopleOf(deps, [teamId])]);
}

/** The agent form saves role, teams and queues with the rest: returns what to call once it has saved. */
export function watchingAccess(deps: AppDeps, userId: string): (changed: string[]) => void {
  const teamsBefore = teamsOfUser(deps.db, userId).map((t) => t.id);
  return (changed) => {
    if (!changed.some((field) => ACCESS_FIELDS.has(field))) return;
    const teamIds = [...teamsBefore, ...teamsOfUser(deps.db, userId).map((t) => t.id)];
    reopenEventStreams(deps, [userId, ...peopleOf(deps, teamIds)]);
  };
}
