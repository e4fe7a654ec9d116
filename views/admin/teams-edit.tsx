import type { PersonOption, Team, TeamInput, TeamMember } from "../../src/teams/index.ts";
import { BackLink, type Column, FormCard, ListTable, RowButton } from "../components/admin-list.tsx";
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
      <BackLink href="/admin/teams" label="All teams" />
      <h1>Team {p.team.name}</h1>
      <FormNotice message={p.notice} />
      <FormCard id="team-h" heading="Details" message={p.message} csrf={p.csrf} action={base} save="Save team" remove="Delete team">
        <TeamFields values={p.values ?? p.team} errors={p.errors} />
      </FormCard>
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
  const columns: Column<TeamMember>[] = [
    { header: "Name", cell: (m) => m.fullName },
    { header: "Username", cell: (m) => m.username },
    { header: "Role in team", cell: (m) => (m.role === "supervisor" ? "Supervisor" : "Member") },
  ];
  const actions = (m: TeamMember) => {
    const other = m.role === "supervisor" ? "member" : "supervisor";
    const roleAction = `${base}/members/${m.userId}/role`;
    return (
      <>
        {m.role === "supervisor" || m.userRole !== "agent" ? (
          <RowButton action={roleAction} csrf={csrf} label={`Make ${other}`} name={m.fullName} fields={{ role: other }} />
        ) : null}{" "}
        <RowButton action={`${base}/members/${m.userId}/remove`} csrf={csrf} label="Remove" name={m.fullName} />
      </>
    );
  };
  return <ListTable id="members" caption="Members of this team" columns={columns} rows={members} actions={actions} />;
}
