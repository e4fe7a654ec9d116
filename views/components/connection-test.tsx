import { Csrf } from "./form.tsx";

export type ConnectionTest = { ok: boolean; message: string } | undefined;

/**
 * A "Test connection" card: one button posting to `action` (swapped in place by htmx, a full page without it)
 * and the last result, said as a status or an alert. Disabled until the saved settings allow a test.
 */
export function ConnectionTestCard(p: { csrf: string; id: string; action: string; ready: boolean; hint: string; result?: ConnectionTest }) {
  return (
    <section class="card" id={p.id} aria-labelledby={`${p.id}-h`}>
      <h2 id={`${p.id}-h`}>Test connection</h2>
      <p class="hint">{p.hint}</p>
      {p.result ? (
        <p class={p.result.ok ? "notice" : "alert"} role={p.result.ok ? "status" : "alert"}>
          {p.result.message}
        </p>
      ) : null}
      <form method="post" action={p.action} hx-post={p.action} hx-target={`#${p.id}`} hx-swap="outerHTML" hx-indicator={`#${p.id}`}>
        <Csrf token={p.csrf} />
        <button type="submit" class="secondary" disabled={!p.ready}>
          Test connection
        </button>
      </form>
    </section>
  );
}
