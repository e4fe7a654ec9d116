import type { TeamInput, TeamSummary } from "../../src/teams/index.ts";
import { Card, type Column, EditDeleteLinks, FormCard, ListTable } from "../components/admin-list.tsx";
import { type Errors, Field, TextArea } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

type Props = Frame & { teams: TeamSummary[]; values?: Partial<TeamInput>; errors?: Errors; message?: string | null };

/** Admin → Teams: every team and a form to create one (FEATURES A4). */
export function TeamsPage(p: Props) {
  return (
    <Page title="Teams" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Teams</h1>
      <Card id="teams-h" heading="All teams">
        {p.teams.length ? <TeamsTable teams={p.teams} /> : <p class="muted">No teams yet.</p>}
      </Card>
      <FormCard id="new-team-h" heading="New team" message={p.message} csrf={p.csrf} action="/admin/teams" save="Create team">
        <TeamFields values={p.values} errors={p.errors} />
      </FormCard>
    </Page>
  );
}

function TeamsTable({ teams }: { teams: TeamSummary[] }) {
  const columns: Column<TeamSummary>[] = [
    { header: "Name", cell: (t) => <a href={`/admin/teams/${t.id}`}>{t.name}</a> },
    { header: "Description", cell: (t) => t.description },
    { header: "Members", cell: (t) => t.members },
    { header: "Supervisors", cell: (t) => t.supervisors },
  ];
  const actions = (t: TeamSummary) => <EditDeleteLinks href={`/admin/teams/${t.id}`} name={t.name} />;
  return <ListTable id="teams" caption="All teams" columns={columns} rows={teams} actions={actions} />;
}

export function TeamFields({ values, errors }: { values?: Partial<TeamInput>; errors?: Errors }) {
  return (
    <>
      <Field name="name" label="Name" value={values?.name} required maxLength={60} errors={errors} />
      <TextArea name="description" label="Description" value={values?.description} maxLength={500} errors={errors} />
    </>
  );
}
