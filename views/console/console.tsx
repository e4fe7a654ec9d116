import { Page } from "../layouts/page.tsx";

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
};

/** The agent's console: who I am, my departments, and the places where state and work appear. */
export function ConsolePage({ csrf, centerName, user, departments }: Props) {
  return (
    <Page title="Console" csrf={csrf} user={user} centerName={centerName}>
      <h1>Console</h1>
      <div class="row">
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
        </section>
        <section class="card" aria-labelledby="dep-h">
          <h2 id="dep-h">My departments</h2>
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
      </div>
      <section class="card" id="state" aria-labelledby="state-h">
        <h2 id="state-h">State</h2>
        <p class="muted">Logged in.</p>
      </section>
      <section class="card" id="work" aria-labelledby="work-h">
        <h2 id="work-h">Work</h2>
        <p class="muted">No open interactions.</p>
      </section>
    </Page>
  );
}
