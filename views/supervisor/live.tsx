import type { Board, QueueRow, StateCount, TeamBoard } from "../../src/supervisor/index.ts";
import { Csrf, FormAlert } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { Ticker } from "../components/ticker.tsx";
import { AgentCells, COLOURS } from "./agent-row.tsx";

/** The supervisor's live view (FEATURES S1, S3). Rows are swapped in place by server-sent events. */
export function SupervisorPage(p: Frame & { board: Board; message?: string | null }) {
  return (
    <Page title="Live view" csrf={p.csrf} user={p.user} centerName={p.centerName} live>
      <h1>Live view</h1>
      <FormAlert message={p.message} />
      {/* Row buttons submit through this form (form="steer") so rows pushed to every viewer carry no one's CSRF token. */}
      <form id="steer" method="post" action="/supervisor">
        <Csrf token={p.csrf} />
      </form>
      <div id="live" hx-get="/supervisor/board" hx-trigger="htmx:sseOpen from:body">
        <BoardContent board={p.board} />
      </div>
    </Page>
  );
}

/** Everything inside the live area; fetched again whenever the event stream (re)connects. */
export function BoardContent({ board }: { board: Board }) {
  return (
    <>
      <section class="card" aria-labelledby="queues-h">
        <h2 id="queues-h">Departments</h2>
        {board.queues.length ? <QueuesTable queues={board.queues} now={board.now} /> : <p class="muted">No departments to show.</p>}
      </section>
      {board.teams.length ? (
        board.teams.map((t) => <TeamSection team={t} now={board.now} />)
      ) : (
        <p class="muted">You do not supervise any team yet. An administrator makes you a team's supervisor.</p>
      )}
    </>
  );
}

function QueuesTable({ queues, now }: { queues: QueueRow[]; now: number }) {
  return (
    <table id="queues">
      <thead>
        <tr>
          <th scope="col">Department</th>
          <th scope="col">Waiting</th>
          <th scope="col">Longest wait</th>
          <th scope="col">Service level (20 s, today)</th>
          <th scope="col">Agents Ready</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr sse-swap={`queue-${q.id}`} data-queue={q.id}>
            <QueueCells queue={q} now={now} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The cells of one department's row: rendered in the page and pushed as the `queue-<id>` event. */
export function QueueCells({ queue: q, now }: { queue: QueueRow; now: number }) {
  return (
    <>
      <th scope="row">
        {q.name} <span class="badge">{q.channel}</span>
      </th>
      <td data-field="waiting">{q.waiting}</td>
      <td data-field="longest-wait">{q.oldestQueuedAt === null ? "—" : <Ticker ms={now - q.oldestQueuedAt} />}</td>
      <td data-field="service-level">
        {q.serviceLevel === null ? "—" : `${q.serviceLevel}%`} <span class="muted">({q.handledToday} today)</span>
      </td>
      <td data-field="ready">{q.readyAgents}</td>
    </>
  );
}

function TeamSection({ team, now }: { team: TeamBoard; now: number }) {
  const key = team.id ?? "none";
  return (
    <section class="card" aria-labelledby={`team-h-${key}`}>
      <h2 id={`team-h-${key}`}>{team.name}</h2>
      <div sse-swap={`team-${key}`}>
        <TeamSummary counts={team.counts} />
      </div>
      {team.agents.length ? (
        <table class="agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
              <th scope="col">Time in state</th>
              <th scope="col">Current work</th>
              <th scope="col">Change state</th>
            </tr>
          </thead>
          <tbody>
            {team.agents.map((a) => (
              <tr sse-swap={`agent-${a.id}`} data-agent={a.id}>
                <AgentCells agent={a} now={now} />
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No agents in this team.</p>
      )}
    </section>
  );
}

/** A bar whose coloured parts are the team's agents per state, with the counts written below. */
export function TeamSummary({ counts }: { counts: StateCount[] }) {
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const shown = counts.filter((c) => c.n > 0);
  return (
    <div class="state-summary">
      <div aria-hidden="true" style="display:flex;height:10px;border-radius:5px;overflow:hidden;background:#e7ebf2;margin-bottom:0.4rem">
        {shown.map((c) => (
          <span style={`flex:${c.n} 0 0;background:${COLOURS[c.state]}`} title={`${c.label}: ${c.n}`}></span>
        ))}
      </div>
      <p class="muted" data-field="counts">
        {total === 0 ? "No agents." : shown.map((c) => `${c.label} ${c.n}`).join(" · ")}
      </p>
    </div>
  );
}
