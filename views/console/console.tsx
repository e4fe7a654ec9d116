import { Page } from "../layouts/page.tsx";
import type { OffersView, StateView, WorkItemView } from "./console-types.ts";
import { OffersPopup } from "./offers-popup.tsx";
import { DialPad } from "./dial-pad.tsx";
import type { RecentCall } from "./recent-calls.tsx";
import { PhonePanel } from "./phone.tsx";
import { ShortcutsHelp } from "./shortcuts.tsx";
import { StatePanel } from "./state-panel.tsx";
import { type WaitingRow, WaitingList } from "./waiting-list.tsx";
import { WorkTabs } from "./work-tabs.tsx";

type Props = {
  csrf: string;
  centerName: string;
  user: {
    id: string;
    fullName: string;
    role: "admin" | "supervisor" | "agent";
    hasAvatar: boolean;
    alias: string;
    extension: string | null;
  };
  departments: { name: string; channel: string }[];
  state: StateView;
  offers: OffersView;
  work: WorkItemView[];
  waiting: WaitingRow[];
  /** Has the Voice permission: the phone, the dial pad and calls are theirs. */
  voice: boolean;
  /** May dial outside numbers through the trunk (the "outside_calls" permission). */
  dialOut: boolean;
  /** May send a customer an invitation link (an agent or supervisor who takes chats). */
  invite: boolean;
  /** May search the interaction history (a supervisor, or an agent with the Reports permission). */
  history: boolean;
  recentCalls: RecentCall[];
};

/**
 * The agent's console (FEATURES C1–C4, C7, C9): who I am, my state, incoming work and one tab per
 * open interaction. Everything inside #console is kept live by the `/events` stream.
 */
export function ConsolePage(p: Props) {
  return (
    <Page title="Console" csrf={p.csrf} user={p.user} centerName={p.centerName} live ownOffers>
      <link rel="stylesheet" href="/static/console.css" />
      <h1>Console</h1>
      {p.invite || p.history ? (
        <p>
          {p.invite ? <a href="/console/invite">Invite a customer</a> : null}{" "}
          {p.history ? <a href="/history">Interaction history</a> : null}
        </p>
      ) : null}
      <div id="console">
        <div id="console-flash" sse-swap="flash" hidden></div>
        <div class="row">
          <section class="card" aria-labelledby="state-h">
            <h2 id="state-h">My state</h2>
            <div id="state" sse-swap="state">
              <StatePanel view={p.state} csrf={p.csrf} />
            </div>
            {p.offers.desktop ? (
              <button type="button" id="ask-notify" class="secondary" hidden>
                Enable desktop notifications
              </button>
            ) : null}
          </section>
          <Me user={p.user} departments={p.departments} />
        </div>
        <section id="offers" sse-swap="offers" aria-label="Incoming work" aria-live="assertive">
          <OffersPopup view={p.offers} csrf={p.csrf} />
        </section>
        <section class="card" aria-labelledby="work-h">
          <h2 id="work-h">Work</h2>
          <div id="work" sse-swap="work">
            <WorkTabs items={p.work} csrf={p.csrf} />
          </div>
        </section>
        <section class="card" aria-labelledby="waiting-h">
          <h2 id="waiting-h">Waiting in my departments</h2>
          <div id="waiting" sse-swap="waiting">
            <WaitingList rows={p.waiting} csrf={p.csrf} />
          </div>
        </section>
        {p.voice ? <DialPad csrf={p.csrf} outside={p.dialOut} recent={p.recentCalls} /> : null}
        <section class="card" id="colleagues" hx-get="/console/colleagues" hx-trigger="load" aria-label="Colleagues">
          <p class="muted">Loading colleagues…</p>
        </section>
        <section class="card" aria-labelledby="my-stats-h">
          <h2 id="my-stats-h">My statistics</h2>
          {/* Fetched again whenever the stream says my state or my work changed (FEATURES C12). */}
          <div id="my-stats" hx-get="/console/my-stats" hx-trigger="load, sse:state, sse:work, every 60s">
            <p class="muted">Loading my figures…</p>
          </div>
        </section>
        <ShortcutsHelp />
      </div>
      {p.voice ? <PhonePanel /> : null}
      <script src="/static/console.js" defer></script>
      <script src="/static/console-chat.js" defer></script>
      {p.voice ? <script type="module" src="/static/phone.js"></script> : null}
    </Page>
  );
}

function Me({ user, departments }: Pick<Props, "user" | "departments">) {
  return (
    <section class="card" aria-labelledby="me-h">
      <h2 id="me-h">{user.fullName}</h2>
      <div class="row" style="align-items:center">
        {user.hasAvatar ? (
          <img class="avatar" src={`/avatars/${user.id}`} alt={`Avatar of ${user.fullName}`} />
        ) : (
          <div class="avatar" aria-hidden="true"></div>
        )}
        <dl>
          <dt>Shown to customers as</dt>
          <dd>{user.alias || user.fullName}</dd>
          <dt>Extension</dt>
          <dd>{user.extension ?? "none"}</dd>
        </dl>
      </div>
      <h3>My departments</h3>
      {departments.length ? (
        <ul id="departments">
          {departments.map((d) => (
            <li>
              {d.name} <span class="badge">{d.channel}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">You are not in any department yet. An administrator adds you to queues.</p>
      )}
    </section>
  );
}
