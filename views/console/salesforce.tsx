import type { PopResult, SfContact, SfRow } from "../../src/integrations/salesforce/index.ts";
import { Csrf } from "../components/form.tsx";

/**
 * The Salesforce section of a work tab (FEATURES I1). The panel renders only this shell; the lookup loads
 * into it once the panel is on screen (hx-trigger="load"), so an offer or an Accept never waits for Salesforce.
 */
export function SalesforceShell({ workId }: { workId: string }) {
  return (
    <details class="salesforce" open>
      <summary>Salesforce</summary>
      <div id={`sf-${workId}`} hx-get={`/console/work/${workId}/salesforce`} hx-trigger="load" hx-swap="innerHTML" aria-live="polite">
        <p class="muted" aria-busy="true">
          Looking up the contact in Salesforce…
        </p>
      </div>
    </details>
  );
}

type Props = { workId: string; result: PopResult; csrf: string; message?: string | null; values?: { firstName: string; lastName: string } };

export function SalesforceSection({ workId, result, csrf, message, values }: Props) {
  if (result.kind === "off") return <p class="muted">Salesforce is not set up for this channel.</p>;
  if (result.kind === "no-key") return <p class="muted">{`No ${result.source} to look the contact up by.`}</p>;
  if (result.kind === "error")
    return (
      <p class="muted" role="status">
        {result.message}
      </p>
    );
  const { contacts, linked, instanceUrl, lookup } = result;
  const shown = contacts.find((c) => c.id === linked);
  return (
    <>
      {message ? (
        <p class="alert" role="alert">
          {message}
        </p>
      ) : null}
      {contacts.length > 1 ? <ContactChoice workId={workId} contacts={contacts} linked={linked} csrf={csrf} /> : null}
      {shown ? <ContactTabs workId={workId} contact={shown} instanceUrl={instanceUrl} /> : null}
      {contacts.length === 0 ? (
        <CreateContact workId={workId} lookup={`${lookup.field} = ${lookup.value}`} csrf={csrf} values={values} />
      ) : null}
    </>
  );
}

function ContactChoice({ workId, contacts, linked, csrf }: { workId: string; contacts: SfContact[]; linked: string | null; csrf: string }) {
  const action = `/console/work/${workId}/salesforce/contact`;
  return (
    <form method="post" action={action} hx-post={action} hx-target={`#sf-${workId}`} hx-swap="innerHTML" class="sf-choice">
      <Csrf token={csrf} />
      <fieldset>
        <legend>{`${contacts.length} contacts match. Which one is it?`}</legend>
        {contacts.map((c) => (
          <label>
            <input type="radio" name="contactId" value={c.id} checked={c.id === linked} required />
            {` ${c.name}${c.account ? ` (${c.account})` : ""}${c.email ? `, ${c.email}` : ""}${c.phone ? `, ${c.phone}` : ""}`}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="secondary">
        Use this contact
      </button>
    </form>
  );
}

const TABS = [
  ["contact", "Contact"],
  ["cases", "Cases"],
  ["opportunities", "Opportunities"],
  ["campaigns", "Campaign history"],
  ["notes", "Notes"],
] as const;

function ContactTabs({ workId, contact, instanceUrl }: { workId: string; contact: SfContact; instanceUrl: string }) {
  const link = (id: string) => `${instanceUrl}/${encodeURIComponent(id)}`;
  const id = (tab: string) => `sf-${workId}-${tab}`;
  return (
    <div class="sf-contact">
      <div role="tablist" aria-label="Salesforce records" class="sf-tabs">
        {TABS.map(([key, label], n) => (
          <button
            type="button"
            role="tab"
            id={`${id(key)}-tab`}
            aria-controls={id(key)}
            aria-selected={n === 0 ? "true" : "false"}
            tabindex={n === 0 ? 0 : -1}
            data-sf-tab={key}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={id("contact")} aria-labelledby={`${id("contact")}-tab`} data-sf-panel="contact">
        <p>
          <a href={link(contact.id)} target="_blank" rel="noopener noreferrer">
            {contact.name}
          </a>
          {contact.title ? `, ${contact.title}` : null}
        </p>
        <dl class="facts">
          {contact.account ? (
            <>
              <dt>Account</dt>
              <dd>{contact.account}</dd>
            </>
          ) : null}
          {contact.email ? (
            <>
              <dt>Email</dt>
              <dd>{contact.email}</dd>
            </>
          ) : null}
          {contact.phone ? (
            <>
              <dt>Phone</dt>
              <dd>{contact.phone}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <RowsPanel id={id("cases")} tab="cases" rows={contact.cases} link={link} empty="No cases." />
      <RowsPanel id={id("opportunities")} tab="opportunities" rows={contact.opportunities} link={link} empty="No opportunities." />
      <RowsPanel id={id("campaigns")} tab="campaigns" rows={contact.campaigns} link={link} empty="No campaign history." />
      <RowsPanel id={id("notes")} tab="notes" rows={contact.notes} link={link} empty="No notes." />
    </div>
  );
}

function RowsPanel({
  id,
  tab,
  rows,
  link,
  empty,
}: {
  id: string;
  tab: string;
  rows: SfRow[];
  link: (id: string) => string;
  empty: string;
}) {
  return (
    <div role="tabpanel" id={id} aria-labelledby={`${id}-tab`} data-sf-panel={tab} hidden>
      {rows.length ? (
        <ul class="sf-rows">
          {rows.map((r) => (
            <li>
              <a href={link(r.id)} target="_blank" rel="noopener noreferrer">
                {r.label || r.id}
              </a>
              {r.detail ? <span class="muted">{` ${r.detail}`}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{empty}</p>
      )}
    </div>
  );
}

function CreateContact({
  workId,
  lookup,
  csrf,
  values,
}: {
  workId: string;
  lookup: string;
  csrf: string;
  values?: { firstName: string; lastName: string };
}) {
  const action = `/console/work/${workId}/salesforce/create`;
  return (
    <form method="post" action={action} hx-post={action} hx-target={`#sf-${workId}`} hx-swap="innerHTML" class="sf-create">
      <Csrf token={csrf} />
      <p class="muted">{`No contact has ${lookup}.`}</p>
      <label>
        First name <input name="firstName" maxlength={40} value={values?.firstName ?? ""} autocomplete="off" />
      </label>
      <label>
        Last name <input name="lastName" maxlength={80} required value={values?.lastName ?? ""} autocomplete="off" />
      </label>
      <button type="submit" class="secondary">
        Create contact
      </button>
    </form>
  );
}
