import type { User } from "../../src/auth/index.ts";
import { type Column, ListTable } from "../components/admin-list.tsx";
import { Csrf, type Errors, FormAlert, FormNotice } from "../components/form.tsx";
import { type NavUser, Page } from "../layouts/page.tsx";
import { options, ROLE_LABELS } from "./agents-labels.ts";

export type AgentRow = Pick<User, "id" | "fullName" | "username" | "alias" | "email" | "extension" | "role" | "disabled" | "locked"> & {
  /** Sign-in blocked from some address after failed sign-ins (it ends by itself). */
  paused?: boolean;
};
export type AgentFilter = { q: string; role: string; state: string };
export type AgentResultsProps = {
  csrf: string;
  filter: AgentFilter;
  result: { rows: AgentRow[]; total: number; page: number; pages: number };
  selected?: string[];
};
type Props = AgentResultsProps & { user: NavUser; centerName: string; notice?: string | null; message?: string | null; errors?: Errors };

const STATES: [string, string][] = [
  ["", "Any state"],
  ["active", "Active"],
  ["disabled", "Disabled"],
  ["locked", "Locked or paused"],
];

/** Admin → Agents: every user, searchable, with bulk actions on the selected rows (FEATURES A2). */
export function AgentsListPage(p: Props) {
  return (
    <Page title="Agents" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Agents</h1>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <p>
        <a class="button" href="/admin/agents/new">
          New user
        </a>
      </p>
      <SearchForm filter={p.filter} errors={p.errors} />
      <AgentResults csrf={p.csrf} filter={p.filter} result={p.result} selected={p.selected} />
    </Page>
  );
}

function SearchForm({ filter, errors }: { filter: AgentFilter; errors?: Errors }) {
  return (
    <form
      method="get"
      action="/admin/agents"
      class="toolbar"
      aria-label="Find users"
      hx-get="/admin/agents"
      hx-target="#agent-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change, input changed delay:400ms from:#f-q"
    >
      <div class="field">
        <label for="f-q">Search</label>
        <input id="f-q" name="q" type="search" value={filter.q} maxlength={100} style="min-width:18rem;padding:0.45rem" />
        {errors?.q ? <small class="error">{errors.q}</small> : null}
      </div>
      <div class="field">
        <label for="f-role">Role</label>
        <select id="f-role" name="role">
          <option value="">Any role</option>
          {options(ROLE_LABELS).map(([v, label]) => (
            <option value={v} selected={filter.role === v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-state">State</label>
        <select id="f-state" name="state">
          {STATES.map(([v, label]) => (
            <option value={v} selected={filter.state === v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}

/** The results: the same fragment answers the search box (htmx) and fills the full page. */
export function AgentResults({ csrf, filter, result, selected = [] }: AgentResultsProps) {
  return (
    <div id="agent-results">
      <p class="muted">{result.total === 1 ? "1 user" : `${result.total} users`}</p>
      <form method="post" action="/admin/agents/bulk">
        <Csrf token={csrf} />
        <fieldset class="toolbar">
          <legend>Actions on the selected users</legend>
          {BULK_ACTIONS.map(([action, label, kind]) => (
            <button type="submit" name="action" value={action} class={kind}>
              {label}
            </button>
          ))}
        </fieldset>
        <ListTable caption="Users" columns={AGENT_COLUMNS} rows={result.rows.map((u) => ({ ...u, checked: selected.includes(u.id) }))} />
        {result.rows.length ? null : <p class="muted">No user matches.</p>}
      </form>
      <Pager filter={filter} page={result.page} pages={result.pages} />
    </div>
  );
}

const BULK_ACTIONS = [
  ["export", "Export selected (CSV)", "secondary"],
  ["disable", "Disable selected", "secondary"],
  ["enable", "Enable selected", "secondary"],
  ["unlock", "Unlock selected", "secondary"],
  ["delete", "Delete selected", "danger"],
] as const;

const AGENT_COLUMNS: Column<AgentRow & { checked: boolean }>[] = [
  {
    header: <input type="checkbox" data-select-all="ids" aria-label="Select all users on this page" />,
    cell: (u) => <input type="checkbox" name="ids" value={u.id} checked={u.checked} aria-label={`Select ${u.fullName}`} />,
  },
  {
    header: "Name",
    cell: (u) => (
      <>
        <a href={`/admin/agents/${u.id}`}>{u.fullName}</a>
        {u.alias && u.alias !== u.fullName ? <span class="muted"> ({u.alias})</span> : null}
      </>
    ),
  },
  { header: "Username", cell: (u) => u.username },
  { header: "Role", cell: (u) => ROLE_LABELS[u.role] },
  { header: "Extension", cell: (u) => u.extension ?? "" },
  { header: "Email", cell: (u) => u.email },
  {
    header: "State",
    cell: (u) => (
      <>
        {u.disabled ? <span class="badge danger">Disabled</span> : null} {u.locked ? <span class="badge danger">Locked</span> : null}{" "}
        {u.paused ? <span class="badge danger">Sign-in paused</span> : null}
        {!u.disabled && !u.locked && !u.paused ? <span class="badge ok">Active</span> : null}
      </>
    ),
  },
];

function Pager({ filter, page, pages }: { filter: AgentFilter; page: number; pages: number }) {
  if (pages <= 1) return null;
  const href = (n: number) => `/admin/agents?${new URLSearchParams({ ...filter, page: String(n) })}`;
  const shown = Array.from({ length: pages }, (_, i) => i + 1).filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 3);
  return (
    <nav class="pager" aria-label="Pages" hx-boost="true" hx-target="#agent-results" hx-swap="outerHTML">
      {page > 1 ? <a href={href(page - 1)}>Previous page</a> : null}
      {shown.map((n) =>
        n === page ? (
          <strong aria-current="page">{n}</strong>
        ) : (
          <a href={href(n)} aria-label={`Page ${n}`}>
            {n}
          </a>
        ),
      )}
      {page < pages ? <a href={href(page + 1)}>Next page</a> : null}
    </nav>
  );
}
