/**
 * A loopback Salesforce for tests: the OAuth token endpoint, SOQL queries on Contact and sObject creation,
 * in the REST API's shapes, recording what it receives. The appliance talks to it through the real jsforce.
 */
import type { Server } from "bun";

export type FakeContact = {
  Id: string;
  FirstName?: string;
  LastName: string;
  Email?: string;
  Phone?: string;
  Title?: string;
  AccountNumber__c?: string;
  Account?: { Name: string };
  cases?: { Id: string; CaseNumber: string; Subject: string; Status: string }[];
  opportunities?: { Id: string; Name: string; StageName: string }[];
  campaigns?: { Id: string; Name: string; Status: string }[];
  notes?: { Id: string; Title: string; CreatedDate: string }[];
};

export type Received = { method: string; path: string; query: string | null; body: Record<string, unknown> | null; auth: string | null };

type Options = { contacts?: FakeContact[]; delayMs?: number; refuseToken?: boolean };

const TOKEN = "00Dfake!token";
let seq = 1;

export function startFakeSalesforce(options: Options = {}) {
  const contacts = [...(options.contacts ?? [])];
  const received: Received[] = [];
  let arrived: (() => void)[] = [];
  const ids = (prefix: string) => `${prefix}${String(seq++).padStart(15 - prefix.length, "0")}`;

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: Record<string, unknown> | null = null;
      if (text) body = req.headers.get("content-type")?.includes("json") ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
      received.push({
        method: req.method,
        path: url.pathname,
        query: url.searchParams.get("q"),
        body,
        auth: req.headers.get("authorization"),
      });
      for (const done of arrived.splice(0)) done();
      if (options.delayMs) await Bun.sleep(options.delayMs);
      return answer(req.method, url, body);
    },
  });
  const base = `http://127.0.0.1:${server.port}`;

  function answer(method: string, url: URL, body: Record<string, unknown> | null): Response {
    if (url.pathname === "/services/oauth2/token" && method === "POST") {
      if (options.refuseToken)
        return Response.json({ error: "invalid_client", error_description: "invalid client credentials" }, { status: 400 });
      return Response.json({
        access_token: TOKEN,
        instance_url: base,
        id: `${base}/id/00D/005`,
        token_type: "Bearer",
        issued_at: "1",
        signature: "x",
      });
    }
    if (!/^\/services\/data\/v\d+\.\d\//.test(url.pathname))
      return Response.json([{ errorCode: "NOT_FOUND", message: "no such resource" }], { status: 404 });
    const q = url.searchParams.get("q");
    if (method === "GET" && url.pathname.endsWith("/query") && q) return query(q);
    const created = url.pathname.match(/\/sobjects\/(Contact|Task)$/);
    if (method === "POST" && created) {
      const id = ids(created[1] === "Contact" ? "003" : "00T");
      if (created[1] === "Contact") contacts.push({ ...(body as FakeContact), Id: id });
      return Response.json({ id, success: true, errors: [] }, { status: 201 });
    }
    return Response.json([{ errorCode: "NOT_FOUND", message: "no such resource" }], { status: 404 });
  }

  /** Understands the one query shape the appliance sends: `… FROM Contact WHERE <Field> = '<literal>' LIMIT n`. */
  function query(q: string): Response {
    const m = q.match(/FROM Contact WHERE ([A-Za-z_.]+) = '((?:[^'\\]|\\.)*)' LIMIT \d+$/);
    if (!m) return Response.json([{ errorCode: "MALFORMED_QUERY", message: `unexpected query: ${q}` }], { status: 400 });
    const [, field = "", literal = ""] = m;
    const value = literal.replace(/\\(.)/g, (_, ch: string) => ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" })[ch] ?? ch);
    const records = contacts.filter((c) => (c as Record<string, unknown>)[field] === value).map(shape);
    return Response.json({ totalSize: records.length, done: true, records });
  }

  const list = <T>(records: T[] | undefined) => (records?.length ? { totalSize: records.length, done: true, records } : null);
  const shape = (c: FakeContact) => ({
    attributes: { type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${c.Id}` },
    Id: c.Id,
    Name: [c.FirstName, c.LastName].filter(Boolean).join(" "),
    FirstName: c.FirstName ?? null,
    LastName: c.LastName,
    Email: c.Email ?? null,
    Phone: c.Phone ?? null,
    Title: c.Title ?? null,
    Account: c.Account ?? null,
    Cases: list(c.cases),
    OpportunityContactRoles: list(c.opportunities?.map((o) => ({ Id: ids("00K"), Opportunity: o }))),
    CampaignMembers: list(c.campaigns?.map((k) => ({ Id: ids("00v"), Status: k.Status, Campaign: { Id: k.Id, Name: k.Name } }))),
    Notes: list(c.notes),
  });

  return {
    url: base,
    received,
    contacts,
    /** Requests of one kind: "token", "query", "Contact" or "Task" creations. */
    requests(kind: "token" | "query" | "Contact" | "Task"): Received[] {
      if (kind === "token") return received.filter((r) => r.path === "/services/oauth2/token");
      if (kind === "query") return received.filter((r) => r.path.endsWith("/query"));
      return received.filter((r) => r.method === "POST" && r.path.endsWith(`/sobjects/${kind}`));
    },
    /** Resolves when the next request arrives (the appliance's timeout clock is running by then). */
    nextRequest(): Promise<void> {
      return new Promise((resolve) => arrived.push(resolve));
    },
    stop() {
      arrived = [];
      server.stop(true);
    },
  };
}

export type FakeSalesforce = ReturnType<typeof startFakeSalesforce>;

/** Stores settings that point the appliance at the fake (client credentials flow). */
export function salesforceSettings(
  url: string,
  lookup: Partial<{ voice: { source: string; field: string }; chat: { source: string; field: string } }> = {},
) {
  return {
    loginUrl: url,
    flow: "client_credentials" as const,
    clientId: "test-client",
    clientSecret: "test-secret",
    username: "",
    password: "",
    lookup: { voice: { source: "address", field: "Phone" }, chat: { source: "address", field: "Email" }, ...lookup },
  };
}
