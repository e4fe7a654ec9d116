/** Teams of agents with their supervisors (FEATURES A4). */
export {
  /** Adds one user to a team as member or supervisor; audited. */
  addTeamMember,
  /** Members of a team with their names and roles, supervisors first. */
  listTeamMembers,
  type PersonOption,
  /** Removes one user from a team; audited. */
  removeTeamMember,
  /** Ids of the teams a user supervises (the supervisor live view and access checks use this). */
  supervisedTeamIds,
  /** Users that can be picked when adding a team member. */
  teamCandidates,
  type TeamMember,
  type TeamRole,
  /** Replaces a team's whole membership in one transaction; audited. */
  setTeamMembers,
  /** Promotes a member to supervisor or back; audited. */
  setTeamMemberRole,
  /** Teams a user belongs to, with the user's role in each. */
  teamsOfUser,
  /** Makes a user a member of exactly these teams (the agent form, in its transaction). */
  setTeamMembership,
} from "./members.ts";
export { TEAM_ROLES } from "./schema.ts";
export {
  /** Creates a team (unique name); audited. */
  createTeam,
  /** Deletes a team and its memberships; audited. */
  deleteTeam,
  /** One team, or NotFound. */
  getTeam,
  /** Every team with member and supervisor counts. */
  listTeams,
  /** Parses the team form, throwing ValidationError with per-field messages. */
  readTeamForm,
  type Team,
  type TeamInput,
  type TeamSummary,
  /** Renames a team or changes its description; audited. */
  updateTeam,
} from "./teams.ts";
