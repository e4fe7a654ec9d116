import type { Predefined, PredefinedInput } from "../../src/predefined/index.ts";
import { Csrf, type Errors, Field, FormAlert, TextArea } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

export type PredefinedScope = {
  /** Where this set of pages lives, e.g. /admin/predefined or /profile/predefined. */
  base: string;
  heading: string;
  intro: string;
};

export const GLOBAL_PREDEFINED: PredefinedScope = {
  base: "/admin/predefined",
  heading: "Predefined messages",
  intro: "Every agent sees these in the chat picker and can insert one by typing its /shortcut.",
};

type ListProps = Frame &
  PredefinedScope & { messages: Predefined[]; values?: Partial<PredefinedInput>; errors?: Errors; message?: string | null };
type EditProps = Frame &
  PredefinedScope & { item: Predefined; values?: Partial<PredefinedInput>; errors?: Errors; message?: string | null };

/** A list of predefined messages and a form for a new one (FEATURES A5); used for global and personal sets. */
export function PredefinedListPage(p: ListProps) {
  return (
    <Page title={p.heading} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>{p.heading}</h1>
      <p class="muted">{p.intro}</p>
      <section class="card" aria-labelledby="msgs-h">
        <h2 id="msgs-h">Messages</h2>
        {p.messages.length ? <MessagesTable base={p.base} messages={p.messages} /> : <p class="muted">No messages yet.</p>}
      </section>
      <section class="card" aria-labelledby="new-msg-h">
        <h2 id="new-msg-h">New message</h2>
        <FormAlert message={p.message} />
        <form method="post" action={p.base}>
          <Csrf token={p.csrf} />
          <PredefinedFields values={p.values} errors={p.errors} />
          <button type="submit">Create message</button>
        </form>
      </section>
    </Page>
  );
}

export function PredefinedEditPage(p: EditProps) {
  const action = `${p.base}/${p.item.id}`;
  return (
    <Page title={`/${p.item.shortcut}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <p>
        <a href={p.base}>← {p.heading}</a>
      </p>
      <h1>Edit /{p.item.shortcut}</h1>
      <section class="card" aria-labelledby="edit-h">
        <h2 id="edit-h">Message</h2>
        <FormAlert message={p.message} />
        <form method="post" action={action}>
          <Csrf token={p.csrf} />
          <PredefinedFields values={p.values ?? p.item} errors={p.errors} />
          <button type="submit">Save message</button> <a href={`${action}/delete`}>Delete message</a>
        </form>
      </section>
    </Page>
  );
}

function MessagesTable({ base, messages }: { base: string; messages: Predefined[] }) {
  return (
    <table id="messages">
      <thead>
        <tr>
          <th scope="col">Shortcut</th>
          <th scope="col">Title</th>
          <th scope="col">Message</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr>
            <td>
              <code>/{m.shortcut}</code>
            </td>
            <td>{m.title}</td>
            <td style="white-space:pre-wrap">{m.body.length > 200 ? `${m.body.slice(0, 200)}…` : m.body}</td>
            <td>
              <a href={`${base}/${m.id}`} aria-label={`Edit /${m.shortcut}`}>
                Edit
              </a>{" "}
              <a href={`${base}/${m.id}/delete`} aria-label={`Delete /${m.shortcut}`}>
                Delete
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PredefinedFields({ values, errors }: { values?: Partial<PredefinedInput>; errors?: Errors }) {
  return (
    <>
      <Field
        name="shortcut"
        label="Shortcut"
        value={values?.shortcut}
        required
        maxLength={30}
        hint="Typed in a chat as /shortcut: letters, digits, - and _"
        errors={errors}
      />
      <Field name="title" label="Title" value={values?.title} required maxLength={80} errors={errors} />
      <TextArea name="body" label="Message" value={values?.body} required maxLength={2000} rows={5} errors={errors} />
    </>
  );
}
