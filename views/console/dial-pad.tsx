import { Csrf } from "../components/form.tsx";
import { RECENT_CALLS_EVENT, type RecentCall, RecentCalls } from "./recent-calls.tsx";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
export const DIAL_URL = "/console/voice/dial";

/**
 * The dial pad (FEATURES V3): a colleague's extension, or an outside number for agents allowed to call out.
 * The keys only type into the field (static/console.js); Dial sends it, and the call opens as a work tab.
 */
export function DialPad({ csrf, outside, recent }: { csrf: string; outside: boolean; recent: RecentCall[] }) {
  const hint = outside ? "An extension, or an outside number as you would dial it." : "A colleague's extension.";
  return (
    <section class="card" id="dial" aria-labelledby="dial-h">
      <h2 id="dial-h">Dial</h2>
      <form method="post" action={DIAL_URL} hx-post={DIAL_URL} hx-swap="none" class="dial-form">
        <Csrf token={csrf} />
        <label for="dial-number">{outside ? "Number or extension" : "Extension"}</label>
        <div class="row">
          <input
            id="dial-number"
            name="number"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            maxlength={40}
            required
            aria-describedby="dial-hint"
          />
          <button type="submit" aria-keyshortcuts="Alt+D">
            Dial
          </button>
        </div>
        <small id="dial-hint" class="muted">
          {hint}
        </small>
        <fieldset class="dial-keys">
          <legend class="visually-hidden">Dial pad</legend>
          {KEYS.map((key) => (
            <button type="button" class="secondary" data-dial-key={key}>
              {key}
            </button>
          ))}
        </fieldset>
      </form>
      <h3 id="recent-calls-h">Recent calls</h3>
      <div id="recent-calls" sse-swap={RECENT_CALLS_EVENT} hx-swap="innerHTML">
        <RecentCalls calls={recent} csrf={csrf} />
      </div>
    </section>
  );
}
