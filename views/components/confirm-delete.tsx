import { Page } from "../layouts/page.tsx";
import { Csrf } from "./form.tsx";
import type { Frame } from "./page-frame.ts";

type Props = Frame & {
  /** What is deleted, e.g. "team Sales". */
  what: string;
  action: string;
  cancel: string;
  consequence?: string;
  message?: string | null;
};

/** A page that asks before deleting: works without script and with the keyboard. */
export function ConfirmDeletePage(p: Props) {
  return (
    <Page title={`Delete ${p.what}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Delete {p.what}?</h1>
        {p.message ? (
          <p class="alert" role="alert">
            {p.message}
          </p>
        ) : null}
        {p.consequence ? <p>{p.consequence}</p> : null}
        <p>This cannot be undone.</p>
        <form method="post" action={p.action} class="inline">
          <Csrf token={p.csrf} />
          <button type="submit" class="danger">
            Delete
          </button>
        </form>{" "}
        <a class="button secondary" href={p.cancel}>
          Cancel
        </a>
      </section>
    </Page>
  );
}
