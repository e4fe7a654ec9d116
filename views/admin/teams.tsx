import type { TeamInput, TeamSummary } from "../../src/teams/index.ts";
import { Csrf, type Errors, Field, FormAlert, TextArea } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

type Props = Frame & { teams: TeamSummary[]; values?: Partial<TeamInput>; errors?: Errors; message?: string | null };

/** Admin → Teams: every team and a form to create one (FEATURES A4). */
export function TeamsPage(p: Props) {
  return (
    <Page title="Teams" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Teams</h1>
      <section class="card" aria-labelledby="teams-h">
        <h2 id="teams-h">All teams</h2>
        {p.teams.length ? <TeamsTable teams={p.teams} /> : <p class="muted">No teams yet.</p>}
      </section>
      <section class="card" aria-labelledby="new-team-h">
        <h2 id="new-team-h">New team</h2>
        <FormAlert message={p.message} />
        <form method="post" action="/admin/teams">
          <Csrf token={p.csrf} />
          <TeamFields values={p.values} errors={p.errors} />
          <button type="submit">Create team</button>
        </form>
      </section>
    </Page>
  );
}

function TeamsTable({ teams }: { teams: TeamSummary[] }) {
  return (
    <table id="teams">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Description</th>
          <th scope="col">Members</th>
          <th scope="col">Supervisors</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {teams.map((t) => (
          <tr>
            <td>
              <a href={`/admin/teams/${t.id}`}>{t.name}</a>
            </td>
            <td>{t.description}</td>
            <td>{t.members}</td>
            <td>{t.supervisors}</td>
            <td>
              <a href={`/admin/teams/${t.id}`} aria-label={`Edit ${t.name}`}>
                Edit
              </a>{" "}
              <a href={`/admin/teams/${t.id}/delete`} aria-label={`Delete ${t.name}`}>
                Delete
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeamFields({ values, errors }: { values?: Partial<TeamInput>; errors?: Errors }) {
  return (
    <>
      <Field name="name" label="Name" value={values?.name} required maxLength={60} errors={errors} />
      <TextArea name="description" label="Description" value={values?.description} maxLength={500} errors={errors} />
    </>
  );
}
