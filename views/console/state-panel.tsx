import { Csrf } from "../components/form.tsx";
import { ActionForm } from "./action-form.tsx";
import type { StateView } from "./console-types.ts";
import { Ticker } from "../components/ticker.tsx";

type Props = { view: StateView; csrf: string | null };
const TARGET = "#state";

/**
 * The agent's state (FEATURES C2): label, reason and time in state, and a button for each choice
 * that is legal now. Rendered for the page and pushed as the `state` event.
 */
export function StatePanel({ view, csrf }: Props) {
  const signedOut = view.state === "logged_out";
  return (
    <div class="state-panel" data-state={view.state}>
      <p class="agent-state">
        <strong class={`state-badge state-${view.state}`}>{view.label}</strong>
        {view.reason ? <span class="state-reason"> · {view.reason}</span> : null}
        <span class="muted">
          {" "}
          for <Ticker ms={view.elapsedMs} />
        </span>
      </p>
      {view.wrapUpLeftMs !== null ? (
        <p class="muted">
          Wrap-up ends in <Ticker ms={view.wrapUpLeftMs} countdown />
        </p>
      ) : null}
      {view.wrapUpUntilSaved ? <p class="muted">Wrap-up ends when you save the wrap-up form.</p> : null}
      {view.message ? (
        <p class="alert" role="alert">
          {view.message}
        </p>
      ) : null}
      <div class="state-actions">
        {view.choices.includes("ready") ? (
          <ActionForm action="/console/state" label="Ready" csrf={csrf} fields={{ to: "ready" }} shortcut="Alt+Y" target={TARGET} />
        ) : null}
        {view.choices.includes("not_ready") ? <NotReadyForm reasons={view.reasons} csrf={csrf} /> : null}
        {view.choices.includes("logout") ? (
          <ActionForm
            action="/console/state"
            label="Sign out of queues"
            csrf={csrf}
            fields={{ to: "logout" }}
            target={TARGET}
            variant="secondary"
          />
        ) : null}
      </div>
      {signedOut || !view.channels.length ? null : <PauseButtons channels={view.channels} csrf={csrf} />}
    </div>
  );
}

function NotReadyForm({ reasons, csrf }: { reasons: string[]; csrf: string | null }) {
  return (
    <form method="post" action="/console/state" class="inline not-ready" hx-post="/console/state" hx-target={TARGET} hx-swap="innerHTML">
      {csrf !== null ? <Csrf token={csrf} /> : null}
      <input type="hidden" name="to" value="not_ready" />
      <label for="nr-reason">Not Ready reason</label>{" "}
      <select id="nr-reason" name="reason">
        {reasons.map((r) => (
          <option value={r}>{r}</option>
        ))}
      </select>{" "}
      <button type="submit" aria-keyshortcuts="Alt+N">
        Not Ready
      </button>
    </form>
  );
}

function PauseButtons({ channels, csrf }: { channels: StateView["channels"]; csrf: string | null }) {
  return (
    <div class="pause-actions">
      {channels.map(({ channel, paused }) => (
        <>
          {paused ? <span class="badge">{`${channel} paused`}</span> : null}{" "}
          <ActionForm
            action="/console/pause"
            label={`${paused ? "Resume" : "Pause"} ${channel}`}
            csrf={csrf}
            fields={{ channel, paused: paused ? "0" : "1" }}
            target={TARGET}
            variant="secondary"
          />
        </>
      ))}
    </div>
  );
}
