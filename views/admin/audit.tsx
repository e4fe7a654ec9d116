import type { AuditPage } from "../../src/audit/index.ts";
import { type Column, ListTable } from "../components/admin-list.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

/** One row as people read it: the time in the center's zone, names for ids, changes as "field: old → new". */
export type AuditLine = { id: number; at: number; when: string; who: string; action: string; target: string; detail: string };
export type AuditView = Omit<AuditPage, "rows"> & { lines: AuditLine[]; zone: string };

type Props = Frame & { result: AuditView; search: string };

const query = (search: string, page?: number) => {
  const params = new URLSearchParams();
  if (search) params.set("q", search);
  if (page && page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `?${s}` : "";
};

/** Admin → Audit log (FEATURES A9): search, pages of 50, CSV export. */
export function AuditLogPage(p: Props) {
  return (
    <Page title="Audit log" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Audit log</h1>
      <form method="get" action="/admin/audit" class="toolbar">
        <div class="field">
          <label for="f-q">Search</label>
          <input id="f-q" name="q" type="search" value={p.search} maxlength={100} />
        </div>
        <button type="submit" class="secondary">
          Search
        </button>
        <a class="button" href={`/admin/audit/export.csv${query(p.search)}`}>
          Export CSV
        </a>
      </form>
      <AuditResults result={p.result} search={p.search} />
    </Page>
  );
}

const auditColumns = (zone: string): Column<AuditLine>[] => [
  { header: `When (${zone})`, cell: (r) => <time datetime={new Date(r.at).toISOString()}>{r.when}</time> },
  { header: "Who", cell: (r) => r.who },
  { header: "What", cell: (r) => r.action },
  { header: "Target", cell: (r) => r.target },
  { header: "Detail", cell: (r) => r.detail, style: "word-break:break-word" },
];

export function AuditResults({ result, search }: { result: AuditView; search: string }) {
  const { lines, page, pages, total } = result;
  return (
    <section class="card" id="audit-results" aria-label="Audit entries">
      <p class="muted">
        {total} {total === 1 ? "entry" : "entries"}
        {search ? ` matching “${search}”` : ""}
      </p>
      {lines.length ? (
        <ListTable id="audit" caption="Audit entries" columns={auditColumns(result.zone)} rows={lines} />
      ) : (
        <p class="muted">Nothing found.</p>
      )}
      <nav class="pager" aria-label="Pages">
        {page > 1 ? <a href={`/admin/audit${query(search, page - 1)}`}>Previous page</a> : null}
        <span>
          Page {page} of {pages}
        </span>
        {page < pages ? <a href={`/admin/audit${query(search, page + 1)}`}>Next page</a> : null}
      </nav>
    </section>
  );
}
