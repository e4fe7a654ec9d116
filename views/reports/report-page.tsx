import type { Child } from "hono/jsx";
import { Field, FormAlert, Select } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import type { ChartSpec } from "../../src/reports/index.ts";

export type { ChartSpec };

export type ReportTableView = { headers: string[]; rows: string[][] };
type Options = readonly (readonly [string, string])[];

export type ReportPageProps = Frame & {
  kind: "queues" | "agents";
  values: Record<string, string>;
  errors?: Record<string, string>;
  message?: string | null;
  zone: string;
  departments: Options;
  channels: Options;
  agents: Options;
  intervals: Options;
  table: ReportTableView | null;
  charts: ChartSpec[];
  csvHref: string;
};

/** The queue and agent reports (FEATURES S4): filters, charts, the table, and its CSV export. */
export function ReportPage(p: ReportPageProps) {
  const title = p.kind === "queues" ? "Queue report" : "Agent report";
  return (
    <Page title={title} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>{title}</h1>
      <nav aria-label="Reports" class="tabs">
        <a href="/reports/queues" aria-current={p.kind === "queues" ? "page" : undefined}>
          Queue report
        </a>{" "}
        <a href="/reports/agents" aria-current={p.kind === "agents" ? "page" : undefined}>
          Agent report
        </a>{" "}
        <a href="/history">Interaction history</a>
      </nav>
      <FormAlert message={p.message} />
      <Filters {...p} />
      {p.table ? <Results {...p} table={p.table} /> : null}
    </Page>
  );
}

function Filters(p: ReportPageProps) {
  const v = p.values;
  return (
    <form method="get" action={`/reports/${p.kind}`} class="card report-filters" aria-label="Report filters">
      <Field name="from" label="First day" type="date" value={v.from} errors={p.errors} required />
      <Field name="to" label="Last day" type="date" value={v.to} errors={p.errors} required />
      {p.kind === "queues" ? (
        <>
          <Select name="interval" label="Interval" value={v.interval} options={p.intervals} errors={p.errors} />
          <Select name="queue" label="Department" value={v.queue} options={[["", "All departments"], ...p.departments]} />
          <Select name="channel" label="Channel" value={v.channel} options={[["", "All channels"], ...p.channels]} />
        </>
      ) : (
        <Select name="agent" label="Agent" value={v.agent} options={[["", "All my agents"], ...p.agents]} />
      )}
      <p class="muted">Days and intervals in the {p.zone} time zone.</p>
      <button type="submit">Show</button>
    </form>
  );
}

function Results(p: ReportPageProps & { table: ReportTableView }) {
  if (p.table.rows.length === 0) return <p class="muted">Nothing was recorded for these filters.</p>;
  return (
    <>
      <div class="report-charts">
        {p.charts.map((c) => (
          <figure class="card">
            <figcaption>{c.title}</figcaption>
            <canvas
              id={c.id}
              data-chart={JSON.stringify(c)}
              role="img"
              aria-label={`${c.title} (the table below has the figures)`}
            ></canvas>
          </figure>
        ))}
      </div>
      <p>
        <a href={p.csvHref} download>
          Download this table as CSV
        </a>
      </p>
      <ReportTable table={p.table} caption={p.kind === "queues" ? "Departments by interval" : "Agents by day"} />
      <script src="/static/chart.umd.min.js" defer></script>
      <script src="/static/reports.js" defer></script>
    </>
  );
}

function ReportTable({ table, caption }: { table: ReportTableView; caption: Child }) {
  return (
    <div class="table-scroll">
      <table id="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr class={r[0] === "Total" ? "total" : undefined}>
              {r.map((cell, n) => (n === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
