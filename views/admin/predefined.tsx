import type { Predefined, PredefinedInput } from "../../src/predefined/index.ts";
import { BackLink, Card, type Column, EditDeleteLinks, FormCard, ListTable } from "../components/admin-list.tsx";
import { type Errors, Field, TextArea } from "../components/form.tsx";
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
      <Card id="msgs-h" heading="Messages">
        {p.messages.length ? <MessagesTable base={p.base} messages={p.messages} /> : <p class="muted">No messages yet.</p>}
      </Card>
      <FormCard id="new-msg-h" heading="New message" message={p.message} csrf={p.csrf} action={p.base} save="Create message">
        <PredefinedFields values={p.values} errors={p.errors} />
      </FormCard>
    </Page>
  );
}

export function PredefinedEditPage(p: EditProps) {
  const action = `${p.base}/${p.item.id}`;
  return (
    <Page title={`/${p.item.shortcut}`} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <BackLink href={p.base} label={p.heading} />
      <h1>Edit /{p.item.shortcut}</h1>
      <FormCard id="edit-h" heading="Message" message={p.message} csrf={p.csrf} action={action} save="Save message" remove="Delete message">
        <PredefinedFields values={p.values ?? p.item} errors={p.errors} />
      </FormCard>
    </Page>
  );
}

function MessagesTable({ base, messages }: { base: string; messages: Predefined[] }) {
  const columns: Column<Predefined>[] = [
    { header: "Shortcut", cell: (m) => <code>/{m.shortcut}</code> },
    { header: "Title", cell: (m) => m.title },
    { header: "Message", cell: (m) => (m.body.length > 200 ? `${m.body.slice(0, 200)}…` : m.body), style: "white-space:pre-wrap" },
  ];
  const actions = (m: Predefined) => <EditDeleteLinks href={`${base}/${m.id}`} name={`/${m.shortcut}`} />;
  return <ListTable id="messages" caption="Messages" columns={columns} rows={messages} actions={actions} />;
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
