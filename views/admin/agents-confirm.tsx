import { Csrf } from "../components/form.tsx";
import { type NavUser, Page } from "../layouts/page.tsx";

type Props = {
  csrf: string;
  centerName: string;
  user: NavUser;
  targets: { id: string; fullName: string; username: string }[];
  /** Where the confirmed form posts: the single-user delete or the bulk action. */
  action: string;
};

/** Asks before deleting: deleting a user removes their sessions, avatar and memberships for good. */
export function AgentsDeleteConfirmPage(p: Props) {
  const n = p.targets.length;
  const bulk = p.action.endsWith("/bulk");
  return (
    <Page title="Delete users" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <section class="card narrow">
        <h1>{n === 1 ? "Delete this user?" : `Delete these ${n} users?`}</h1>
        <ul>
          {p.targets.map((u) => (
            <li>
              {u.fullName} <span class="muted">({u.username})</span>
            </li>
          ))}
        </ul>
        <p>Their sign-ins end now, and their avatar and queue and team memberships are removed. This cannot be undone.</p>
        <form method="post" action={p.action}>
          <Csrf token={p.csrf} />
          {bulk ? <input type="hidden" name="action" value="delete" /> : null}
          {bulk ? p.targets.map((u) => <input type="hidden" name="ids" value={u.id} />) : null}
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="danger">
            {n === 1 ? "Delete user" : `Delete ${n} users`}
          </button>{" "}
          <a href="/admin/agents">Cancel</a>
        </form>
      </section>
    </Page>
  );
}
