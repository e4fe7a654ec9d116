import type { Connection } from "jsforce/core";
import type { SalesforceSettings } from "../../settings/index.ts";
import { contactQuery } from "./soql.ts";

export const API_VERSION = "62.0";

type Row<T> = { records?: T[] } | null | undefined;
type Ref = { Id?: string; Name?: string; StageName?: string } | null | undefined;
type ContactRecord = {
  Id: string;
  Name?: string;
  FirstName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  Phone?: string | null;
  Title?: string | null;
  Account?: Ref;
  Cases?: Row<{ Id: string; CaseNumber?: string; Subject?: string | null; Status?: string }>;
  OpportunityContactRoles?: Row<{ Id: string; Opportunity?: Ref }>;
  CampaignMembers?: Row<{ Id: string; Status?: string; Campaign?: Ref }>;
  Notes?: Row<{ Id: string; Title?: string; CreatedDate?: string }>;
};

/** A line in one of the screen-pop's tabs, linking to its record. */
export type SfRow = { id: string; label: string; detail: string };
export type SfContact = {
  id: string;
  name: string;
  email: string;
  phone: string;
  title: string;
  account: string;
  cases: SfRow[];
  opportunities: SfRow[];
  campaigns: SfRow[];
  notes: SfRow[];
};

export type TaskFields = {
  whoId: string;
  subject: string;
  channel: string;
  disposition: string | null;
  notes: string;
  durationS: number;
  day: string;
};

/** The Salesforce calls the appliance makes, through jsforce (loaded on first use: it is large). */
export type SalesforceClient = {
  instanceUrl(): string;
  findContacts(field: string, value: string): Promise<SfContact[]>;
  createContact(fields: Record<string, string>): Promise<string>;
  createTask(task: TaskFields): Promise<string>;
};

/** Signs in with the configured flow; the token is kept until Salesforce refuses it. */
export async function connect(settings: SalesforceSettings): Promise<Connection> {
  const { Connection } = await import("jsforce/core");
  const loginUrl = settings.loginUrl.replace(/\/+$/, "");
  const conn = new Connection({
    loginUrl,
    version: API_VERSION,
    oauth2: {
      loginUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      redirectUri: `${loginUrl}/services/oauth2/success`,
    },
  });
  if (settings.flow === "password") await conn.loginByOAuth2(settings.username, settings.password);
  else await conn.authorize({ grant_type: "client_credentials" });
  if (!conn.instanceUrl) throw new Error("Salesforce gave no instance URL");
  return conn;
}

/** Signs in and runs one Contact query; resolves with the instance URL (Test connection, doctor). */
export async function probe(client: SalesforceClient): Promise<string> {
  await client.findContacts("Email", "switchboard-connection-test@example.invalid");
  return client.instanceUrl();
}

export function clientOf(conn: Connection): SalesforceClient {
  return {
    instanceUrl: () => conn.instanceUrl,
    async findContacts(field, value) {
      const result = await conn.query<ContactRecord>(contactQuery(field, value));
      return result.records.map(toContact);
    },
    async createContact(fields) {
      const r = await conn.sobject("Contact").create(fields);
      if (!r.success) throw new Error(errorsOf(r.errors));
      return r.id;
    },
    async createTask(t) {
      const r = await conn.sobject("Task").create({
        WhoId: t.whoId,
        Subject: t.subject,
        Status: "Completed",
        Priority: "Normal",
        ActivityDate: t.day,
        TaskSubtype: t.channel === "voice" ? "Call" : "Task",
        Type: t.channel === "voice" ? "Call" : "Other",
        CallDisposition: t.disposition ?? undefined,
        CallDurationInSeconds: t.durationS,
        Description: [t.disposition ? `Disposition: ${t.disposition}` : "", t.notes].filter(Boolean).join("\n\n"),
      });
      if (!r.success) throw new Error(errorsOf(r.errors));
      return r.id;
    },
  };
}

function errorsOf(errors: unknown): string {
  return Array.isArray(errors) && errors.length ? errors.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("; ") : "refused";
}

function rows<T>(r: Row<T>): T[] {
  return r?.records ?? [];
}

function toContact(c: ContactRecord): SfContact {
  return {
    id: c.Id,
    name: c.Name || [c.FirstName, c.LastName].filter(Boolean).join(" "),
    email: c.Email ?? "",
    phone: c.Phone ?? "",
    title: c.Title ?? "",
    account: c.Account?.Name ?? "",
    cases: rows(c.Cases).map((k) => ({ id: k.Id, label: `${k.CaseNumber ?? ""} ${k.Subject ?? ""}`.trim(), detail: k.Status ?? "" })),
    opportunities: rows(c.OpportunityContactRoles)
      .filter((r) => r.Opportunity?.Id)
      .map((r) => ({ id: r.Opportunity?.Id ?? "", label: r.Opportunity?.Name ?? "", detail: r.Opportunity?.StageName ?? "" })),
    campaigns: rows(c.CampaignMembers).map((m) => ({ id: m.Campaign?.Id ?? m.Id, label: m.Campaign?.Name ?? "", detail: m.Status ?? "" })),
    notes: rows(c.Notes).map((n) => ({ id: n.Id, label: n.Title ?? "", detail: n.CreatedDate?.slice(0, 10) ?? "" })),
  };
}
