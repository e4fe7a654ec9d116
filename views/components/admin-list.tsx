import type { Child } from "hono/jsx";
import { Csrf, FormAlert } from "./form.tsx";

/** One column of a list table: its header and what each row shows in it. */
export type Column<T> = { header: Child; cell: (row: T) => Child; style?: string };

/**
 * The table of an admin list page (users, departments, teams, messages, tokens, members, the audit log): a caption for screen
 * readers, column headers, and an Actions column when the rows have actions.
 */
export function ListTable<T>(p: { id?: string; caption: string; columns: Column<T>[]; rows: T[]; actions?: (row: T) => Child }) {
  return (
    <table id={p.id}>
      <caption class="visually-hidden">{p.caption}</caption>
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th scope="col">{c.header}</th>
          ))}
          {p.actions ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {p.rows.map((row) => (
          <tr>
            {p.columns.map((c) => (
              <td style={c.style}>{c.cell(row)}</td>
            ))}
            {p.actions ? <td>{p.actions(row)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The Edit and Delete links of one row, named after its item for screen readers; `href` is the item's page. */
export function EditDeleteLinks({ href, name }: { href: string; name: string }) {
  return (
    <>
      <a href={href} aria-label={`Edit ${name}`}>
        Edit
      </a>{" "}
      <a href={`${href}/delete`} aria-label={`Delete ${name}`}>
        Delete
      </a>
    </>
  );
}

/** A button that posts one action on one row (Remove, Revoke, Make supervisor), named after its item. */
export function RowButton(p: {
  action: string;
  csrf: string;
  label: string;
  name: string;
  fields?: Record<string, string>;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={p.action} class="inline">
      <Csrf token={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={p.secondary === false ? undefined : "secondary"} aria-label={`${p.label} ${p.name}`}>
        {p.label}
      </button>
    </form>
  );
}

/** A card of a page with its own heading, which names the card for screen readers. */
export function Card({ id, heading, children }: { id: string; heading: string; children: Child }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {children}
    </section>
  );
}

/** The way back from an edit page to its list. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <p>
      <a href={href}>← {label}</a>
    </p>
  );
}

/**
 * The form card of an admin create or edit page: its heading, the form's error, the fields, the submit button,
 * and (for a stored item) the link to its delete page at `${action}/delete`.
 */
export function FormCard(p: {
  id: string;
  heading: string;
  message?: string | null;
  csrf: string;
  action: string;
  save: string;
  /** The delete link's text; none on a create page. */
  remove?: string;
  children: Child;
}) {
  return (
    <Card id={p.id} heading={p.heading}>
      <FormAlert message={p.message} />
      <form method="post" action={p.action}>
        <Csrf token={p.csrf} />
        {p.children}
        <button type="submit">{p.save}</button>
        {p.remove ? (
          <>
            {" "}
            <a href={`${p.action}/delete`}>{p.remove}</a>
          </>
        ) : null}
      </form>
    </Card>
  );
}
