import type { PersonOption, Team, TeamInput, TeamMember } from "../../src/teams/index.ts";
import { Csrf, type Errors, FormAlert, Select, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { TeamFields } from "./teams.tsx";

type Props = Frame & {
  team: Team;
  members: TeamMember[];
  candidates: PersonOption[];
  values?: Partial<TeamInput>;
  errors?: Errors;
  message?: string | null;
  /** Errors of the add-member form. */
  memberErrors?: Errors;
  memberMessage?: string | null;
  notice?: string | null;
};

const ROLE_OPTIONS = [
  ["member", "Member"],
  ["supervisor", "Supervisor"],
] as const;

/** Admin → Teams → one team: its name, description and members (FEATURES A4). */
export function TeamEditPage(p: Props) {
  const base = `/admin/teams/${p.team.id}`;
  return (
    <Page title={`Team ${p.team.name}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <p>
        <a href="/admin/teams">← All teams</a>
      </p>
      <h1>Team {p.team.name}</h1>
      <FormNotice message={p.notice} />
      <section class="card" aria-labelledby="team-h">
        <h2 id="team-h">Details</h2>
        <FormAlert message={p.message} />
        <form method="post" action={base}>
          <Csrf token={p.csrf} />
          <TeamFields values={p.values ?? p.team} errors={p.errors} />
          <button type="submit">Save team</button> <a href={`${base}/delete`}>Delete team</a>
        </form>
      </section>
      <section class="card" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <FormAlert message={p.memberMessage} />
        {p.members.length ? (
          <MembersTable base={base} csrf={p.csrf} members={p.members} />
        ) : (
          <p class="muted">Nobody is in this team yet.</p>
        )}
        <h3>Add a member</h3>
        <p class="hint">Only supervisors and admins can be team supervisors; a team may have several.</p>
        <form method="post" action={`${base}/members`}>
          <Csrf token={p.csrf} />
          <Select
            name="userId"
            label="User"
            options={[["", "Choose…"], ...p.candidates.map((u) => [u.id, `${u.fullName} (${u.username}, ${u.role})`] as const)]}
            errors={p.memberErrors}
          />
          <Select name="role" label="Role in team" options={ROLE_OPTIONS} value="member" errors={p.memberErrors} />
          <button type="submit">Add member</button>
        </form>
      </section>
    </Page>
  );
}

function MembersTable({ base, csrf, members }: { base: string; csrf: string; members: TeamMember[] }) {
  return (
    <table id="members">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Username</th>
          <th scope="col">Role in team</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const other = m.role === "supervisor" ? "member" : "supervisor";
          return (
            <tr>
              <td>{m.fullName}</td>
              <td>{m.username}</td>
              <td>{m.role === "supervisor" ? "Supervisor" : "Member"}</td>
              <td>
                {m.role === "supervisor" || m.userRole !== "agent" ? (
                  <form method="post" action={`${base}/members/${m.userId}/role`} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="role" value={other} />
                    <button type="submit" class="secondary" aria-label={`Make ${m.fullName} ${other}`}>
                      Make {other}
                    </button>
                  </form>
                ) : null}{" "}
                <form method="post" action={`${base}/members/${m.userId}/remove`} class="inline">
                  <Csrf token={csrf} />
                  <button type="submit" class="secondary" aria-label={`Remove ${m.fullName}`}>
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
