import { Csrf, type Errors, Field, FormAlert, Select, FormNotice } from "../components/form.tsx";
import { type NavUser, Page } from "../layouts/page.tsx";

export type InviteValues = { name: string; email: string; department: string };
export type SentInvite = { id: string; sentAt: string; name: string; email: string; department: string; status: string };

type Props = {
  csrf: string;
  centerName: string;
  user: NavUser;
  departments: { id: string; name: string }[];
  values: InviteValues;
  /** Why audio and video cannot be chosen yet. */
  audioVideoNote: string;
  sent: SentInvite[];
  notice?: string | null;
  message?: string | null;
  errors?: Errors;
};

/** "Invite a customer" (FEATURES W7): the agent mails a customer a link that opens a chat ringing this agent first. */
export function InvitePage(p: Props) {
  return (
    <Page title="Invite a customer" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Invite a customer</h1>
      <p>
        <a href="/console">Back to the console</a>
      </p>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <section class="card" aria-labelledby="invite-h">
        <h2 id="invite-h">Send a session link by email</h2>
        <InviteForm {...p} />
      </section>
      <SentList sent={p.sent} />
    </Page>
  );
}

function InviteForm({ csrf, departments, values: v, errors, audioVideoNote }: Props) {
  return (
    <form method="post" action="/console/invite">
      <Csrf token={csrf} />
      <Field name="name" label="Customer name" value={v.name} required maxLength={80} errors={errors} autocomplete="off" />
      <Field name="email" label="Customer email" type="email" value={v.email} required maxLength={254} errors={errors} autocomplete="off" />
      <fieldset aria-describedby="kind-hint">
        <legend>Type</legend>
        <label>
          <input type="radio" name="kind" value="chat" checked /> Chat
        </label>
        <label>
          <input type="radio" name="kind" value="audio" disabled /> Audio
        </label>
        <label>
          <input type="radio" name="kind" value="video" disabled /> Video
        </label>
        <small id="kind-hint" class="hint">
          {audioVideoNote}
        </small>
        {errors?.kind ? <small class="error">{errors.kind}</small> : null}
      </fieldset>
      <Select
        name="department"
        label="Department"
        value={v.department}
        options={departments.map((d) => [d.id, d.name] as const)}
        errors={errors}
      />
      <button type="submit">Send invitation</button>
    </form>
  );
}

function SentList({ sent }: { sent: SentInvite[] }) {
  return (
    <section class="card" aria-labelledby="sent-h">
      <h2 id="sent-h">My latest invitations</h2>
      {sent.length ? (
        <table id="invites">
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">Customer</th>
              <th scope="col">Email</th>
              <th scope="col">Department</th>
              <th scope="col">Link</th>
            </tr>
          </thead>
          <tbody>
            {sent.map((s) => (
              <tr>
                <td>{s.sentAt}</td>
                <td>{s.name}</td>
                <td>{s.email}</td>
                <td>{s.department}</td>
                <td>{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">None yet.</p>
      )}
    </section>
  );
}
