import type { Child } from "hono/jsx";
import type { Colleague } from "../../src/chat/index.ts";
import { type NavUser, Page } from "../layouts/page.tsx";

type PanelProps = { colleagues: Colleague[]; conversation?: Child };

const totalUnread = (colleagues: Colleague[]) => colleagues.reduce((sum, c) => sum + c.unread, 0);

/**
 * The colleagues list and the internal chat pane (FEATURES C1, C10). The console lazy-loads it inside
 * its SSE wrapper; the `sse-swap` containers receive the pushes of the chat live module.
 */
export function ColleaguesPanel({ colleagues, conversation }: PanelProps) {
  return (
    <div class="colleagues-panel">
      <h2 id="colleagues-h">
        Colleagues <UnreadTotal total={totalUnread(colleagues)} />
      </h2>
      <ColleagueList colleagues={colleagues} />
      <div id="internal-chat" aria-live="polite">
        {conversation ?? <p class="muted">Choose a colleague to chat with them.</p>}
      </div>
    </div>
  );
}

/** The total unread badge; its content is replaced by the `internal-unread` push. */
export function UnreadTotal({ total }: { total: number }) {
  return (
    <span id="internal-unread" sse-swap="internal-unread" hx-swap="innerHTML" hx-target="this">
      <UnreadTotalBadge total={total} />
    </span>
  );
}

/** What the `internal-unread` push carries. */
export function UnreadTotalBadge({ total }: { total: number }) {
  return total > 0 ? <span class="badge danger">{`${total} unread`}</span> : null;
}

/** The list; the `colleagues` push carries its new rows (ColleagueRows). */
export function ColleagueList({ colleagues }: { colleagues: Colleague[] }) {
  return (
    <ul id="colleague-list" class="colleagues" aria-labelledby="colleagues-h" sse-swap="colleagues" hx-swap="innerHTML" hx-target="this">
      <ColleagueRows colleagues={colleagues} />
    </ul>
  );
}

export function ColleagueRows({ colleagues }: { colleagues: Colleague[] }) {
  if (!colleagues.length) return <li class="muted">Nobody shares a department or team with you yet.</li>;
  return (
    <>
      {colleagues.map((c) => (
        <ColleagueRow colleague={c} />
      ))}
    </>
  );
}

/** A row; a state change of that colleague pushes its new content as the `colleague-<id>` event. */
function ColleagueRow({ colleague: c }: { colleague: Colleague }) {
  return (
    <li
      id={`colleague-${c.id}`}
      class="colleague"
      sse-swap={`colleague-${c.id}`}
      hx-swap="innerHTML"
      hx-target="this"
      style="display:flex;gap:0.5rem;align-items:center"
    >
      <ColleagueRowContent colleague={c} />
    </li>
  );
}

export function ColleagueRowContent({ colleague: c }: { colleague: Colleague }) {
  const href = `/console/internal/${c.id}`;
  return (
    <>
      {c.hasAvatar ? (
        <img class="avatar small" src={`/avatars/${c.id}`} alt="" />
      ) : (
        <span class="avatar small" style="display:inline-block" aria-hidden="true"></span>
      )}
      <a href={href} hx-get={href} hx-target="#internal-chat" hx-swap="innerHTML">
        {c.fullName}
      </a>
      <span class="state" data-state={c.state}>
        {c.stateLabel}
        {c.reason ? <span class="muted">{` (${c.reason})`}</span> : null}
      </span>
      {c.unread > 0 ? <span class="badge danger">{`${c.unread} unread`}</span> : null}
    </>
  );
}

type PageProps = PanelProps & { csrf: string; centerName: string; user: NavUser };

/** The panel as a page of its own, live from the page's event stream. */
export function ColleaguesPage({ csrf, centerName, user, ...panel }: PageProps) {
  return (
    <Page title="Colleagues" csrf={csrf} user={user} centerName={centerName} live>
      <section class="card">
        <ColleaguesPanel {...panel} />
      </section>
    </Page>
  );
}
