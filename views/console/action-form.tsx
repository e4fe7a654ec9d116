import { Csrf } from "../components/form.tsx";

type Props = {
  action: string;
  label: string;
  /** null in pushed fragments: htmx sends this browser's token in a header (body hx-headers). */
  csrf: string | null;
  fields?: Record<string, string>;
  shortcut?: string;
  /** Where the answer goes; by default nothing is swapped and the live push updates the page. */
  target?: string;
  variant?: "secondary" | "danger";
};

/** One console action: a real form (works without script) that htmx submits in place. */
export function ActionForm({ action, label, csrf, fields = {}, shortcut, target, variant }: Props) {
  return (
    <form method="post" action={action} class="inline" hx-post={action} hx-target={target} hx-swap={target ? "innerHTML" : "none"}>
      {csrf !== null ? <Csrf token={csrf} /> : null}
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={variant} aria-keyshortcuts={shortcut}>
        {label}
      </button>
    </form>
  );
}
