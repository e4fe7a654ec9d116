import { Field, FormAlert, Select } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

type Options = readonly (readonly [string, string])[];

export type HistoryPageProps = Frame & {
  values: Record<string, string>;
  errors?: Record<string, string>;
  message?: string | null;
  zone: string;
  /** Reports tabs for supervisors and admins; an agent sees their own history only. */
  showReportTabs: boolean;
  departments: Options;
  channels: Options;
  agents: Options;
  dispositions: Options;
  table: { headers: string[]; rows: string[][]; ids: string[] } | null;
  firstHref: string | null;
  nextHref: string | null;
  csvHref: string;
  pageSize: number;
};

/** The interaction history (FEATURES S4): search, a page of results with links to each interaction, CSV. */
export function HistoryPage(p: HistoryPageProps) {
  return (
    <Page title="Interaction history" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Interaction history</h1>
      {p.showReportTabs ? (
        <nav aria-label="Reports" class="tabs">
          <a href="/reports/queues">Queue report</a> <a href="/reports/agents">Agent report</a>{" "}
          <a href="/history" aria-current="page">
            Interaction history
          </a>
        </nav>
      ) : null}
      <FormAlert message={p.message} />
      <SearchForm {...p} />
      {p.table ? <Results {...p} table={p.table} /> : null}
    </Page>
  );
}

function SearchForm(p: HistoryPageProps) {
  const v = p.values;
  return (
    <form method="get" action="/history" class="card report-filters" aria-label="Search the history">
      <Field name="from" label="First day" type="date" value={v.from} errors={p.errors} required />
      <Field name="to" label="Last day" type="date" value={v.to} errors={p.errors} required />
      <Field name="customer" label="Customer name, number or email" value={v.customer} errors={p.errors} maxLength={100} />
      {p.agents.length > 1 ? <Select name="agent" label="Agent" value={v.agent} options={[["", "Any agent"], ...p.agents]} /> : null}
      <Select name="queue" label="Department" value={v.queue} options={[["", "Any department"], ...p.departments]} />
      <Select name="channel" label="Channel" value={v.channel} options={[["", "Any channel"], ...p.channels]} errors={p.errors} />
      <Select name="disposition" label="Disposition" value={v.disposition} options={[["", "Any disposition"], ...p.dispositions]} />
      <Field name="attached" label="Attached-data value" value={v.attached} errors={p.errors} maxLength={100} />
      <Field name="text" label="Text in a chat" value={v.text} errors={p.errors} maxLength={100} />
      <p class="muted">Days in the {p.zone} time zone. Text is found anywhere in the field, ignoring case.</p>
      <button type="submit">Search</button>
    </form>
  );
}

function Results(p: HistoryPageProps & { table: NonNullable<HistoryPageProps["table"]> }) {
  if (p.table.rows.length === 0) return <p class="muted">No interaction matches this search.</p>;
  return (
    <>
      <p>
        <a href={p.csvHref} download>
          Download these results as CSV
        </a>
      </p>
      <div class="table-scroll">
        <table id="history-table">
          <caption>Interactions, newest first ({p.pageSize} per page)</caption>
          <thead>
            <tr>
              {p.table.headers.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.table.rows.map((r, n) => (
              <tr>
                {r.map((cell, col) =>
                  col === 0 ? (
                    <th scope="row">
                      <a href={`/history/${p.table.ids[n]}`}>{cell}</a>
                    </th>
                  ) : (
                    <td>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" class="pager">
        {p.firstHref ? <a href={p.firstHref}>First page</a> : null} {p.nextHref ? <a href={p.nextHref}>Older interactions</a> : null}
      </nav>
    </>
  );
}
