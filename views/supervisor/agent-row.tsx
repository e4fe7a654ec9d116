import type { AgentState } from "../../src/presence/index.ts";
import type { AgentRow, WorkItem } from "../../src/supervisor/index.ts";
import { Ticker } from "../components/ticker.tsx";

/** One colour per state so the picture is seen before it is read; the label always sits beside it. */
export const COLOURS: Record<AgentState, string> = {
  ready: "#2e7d32",
  busy: "#1565c0",
  wrap_up: "#6a1b9a",
  pending_not_ready: "#ef6c00",
  not_ready: "#c62828",
  logged_out: "#9e9e9e",
};

const WORK_NOTE: Record<WorkItem["status"], string> = { active: "", wrap_up: " (wrap-up)", ringing: " (ringing)" };

/**
 * The cells of one agent's row: rendered in the page, returned after a state change and pushed as the
 * `agent-<id>` event to every viewer allowed to see it. It carries no per-viewer data (no CSRF token):
 * its buttons submit through the page's own `steer` form.
 */
export function AgentCells({ agent: a, now, error }: { agent: AgentRow; now: number; error?: string }) {
  return (
    <>
      <th scope="row">{a.fullName}</th>
      <td data-field="state">
        <span
          aria-hidden="true"
          style={`display:inline-block;width:0.8em;height:0.8em;border-radius:50%;margin-right:0.35em;background:${COLOURS[a.state]}`}
        ></span>
        {a.label}
        {a.reason ? <span class="muted"> ({a.reason})</span> : null}
      </td>
      <td data-field="since">{a.since === null ? "—" : <Ticker ms={now - a.since} />}</td>
      <td data-field="work">
        {a.work.length ? (
          <ul style="margin:0;padding-left:1rem">
            {a.work.map((w) => (
              <li>
                <span class="badge">{w.channel}</span> {w.customer}
                {WORK_NOTE[w.status]}
              </li>
            ))}
          </ul>
        ) : (
          <span class="muted">None</span>
        )}
      </td>
      <td data-field="controls">
        <StateButtons agent={a} />
        {error ? <small class="error">{error}</small> : null}
      </td>
    </>
  );
}

function StateButtons({ agent: a }: { agent: AgentRow }) {
  const action = `/supervisor/agents/${a.id}/state`;
  const post = { type: "submit" as const, form: "steer", formaction: action, name: "to", "hx-post": action, "hx-target": "closest tr" };
  if (a.choices.length === 0 && !a.canEndWrapUp) return <span class="muted">No change possible now</span>;
  const endWrapUp = `/supervisor/agents/${a.id}/end-wrap-up`;
  return (
    <div class="toolbar" style="margin:0;align-items:center">
      {a.canEndWrapUp ? (
        <button type="submit" form="steer" formaction={endWrapUp} hx-post={endWrapUp} hx-target="closest tr">
          End wrap-up
        </button>
      ) : null}
      {a.choices.includes("ready") ? (
        <button {...post} value="ready">
          Ready
        </button>
      ) : null}
      {a.choices.includes("not_ready") ? (
        <>
          <label>
            Reason{" "}
            <select name={`reason-${a.id}`} form="steer">
              {a.reasons.map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
          </label>
          <button {...post} value="not_ready" class="secondary">
            Not Ready
          </button>
        </>
      ) : null}
      {a.choices.includes("logout") ? (
        <button {...post} value="logout" class="secondary">
          Log out
        </button>
      ) : null}
    </div>
  );
}
