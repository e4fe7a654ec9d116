import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { salesforceTasks } from "../../integrations/salesforce/schema.ts";
import { SF_TIMEOUT_MS } from "../../integrations/salesforce/index.ts";
import { saveSettings } from "../../settings/index.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { type FakeContact, type FakeSalesforce, salesforceSettings, startFakeSalesforce } from "../../../tests/support/salesforce.ts";
import { HX, twoAgents } from "../../../tests/support/kits/console.ts";

const QUINN: FakeContact = {
  Id: "003000000000001",
  FirstName: "Quinn",
  LastName: "O'Brien",
  Email: "q.o'brien@home.test",
  Phone: "+44 20 7946 0958",
  Account: { Name: "Acme Ltd" },
  cases: [{ Id: "500000000000001", CaseNumber: "00001026", Subject: "Broken hinge", Status: "New" }],
  opportunities: [{ Id: "006000000000001", Name: "Acme renewal", StageName: "Prospecting" }],
  campaigns: [{ Id: "701000000000001", Name: "Spring mailing", Status: "Responded" }],
  notes: [{ Id: "002000000000001", Title: "Prefers mornings", CreatedDate: "2026-01-02T10:00:00.000Z" }],
};

let t: TestApp;
let sf: FakeSalesforce;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => {
  sf?.stop();
  t.cleanup();
});

function setUp(
  options: Parameters<typeof startFakeSalesforce>[0] = {},
  lookup: Parameters<typeof salesforceSettings>[1] = {},
  ann: Parameters<typeof twoAgents>[2] = {},
) {
  sf = startFakeSalesforce({ contacts: [QUINN], ...options });
  saveSettings(t.db, { salesforce: salesforceSettings(sf.url, lookup), attachedFields: ["Account number"] }, t.clock.now());
  return twoAgents(t, { wrapUpS: 30 }, ann);
}

/** A chat from `address` offered to and accepted by Ann. */
function chatFrom(team: ReturnType<typeof twoAgents>, address: string, attachedData: Record<string, string> = {}) {
  const i = t.deps.routing.enqueue({ channel: "chat", queueId: team.sales, customerName: "Quinn", customerAddress: address, attachedData });
  const offer = t.deps.routing.ringingOffers(team.ann).find((o) => o.interactionId === i.id);
  if (!offer) throw new Error("no offer");
  return { id: i.id, offerId: offer.id };
}

describe("Salesforce screen-pop", () => {
  test("the chat's email finds its Contact with the configured field, quote escaped, and the tabs link into Salesforce", async () => {
    const team = setUp();
    const chat = chatFrom(team, QUINN.Email as string);
    const ann = team.as(team.ann);
    expect((await ann.post(`/console/offers/${chat.offerId}/accept`, {}, HX)).status).toBe(204);
    // The panel carries only the lazy shell; the lookup the offer started in the background fills it.
    const page = await (await ann.get("/console")).text();
    expect(page).toContain(`hx-get="/console/work/${chat.id}/salesforce"`);

    const html = await (await ann.get(`/console/work/${chat.id}/salesforce`, HX)).text();
    expect(sf.requests("query")).toHaveLength(1);
    expect(sf.requests("query")[0]?.query).toContain(`FROM Contact WHERE Email = 'q.o\\'brien@home.test' LIMIT 5`);
    for (const tab of ["Contact", "Cases", "Opportunities", "Campaign history", "Notes"]) expect(html).toContain(`>${tab}</button>`);
    expect(html).toContain(`href="${sf.url}/003000000000001"`);
    expect(html).toContain("Quinn O&#39;Brien");
    expect(html).toContain(`href="${sf.url}/500000000000001"`);
    expect(html).toContain("00001026 Broken hinge");
    expect(html).toContain(`href="${sf.url}/006000000000001"`);
    expect(html).toContain("Spring mailing");
    expect(html).toContain("Prefers mornings");
  });

  test("a value that tries to widen the query stays one literal: no match, Create contact offered", async () => {
    const team = setUp();
    const chat = chatFrom(team, "x' OR LastName != 'y");
    t.deps.routing.accept(chat.offerId, team.ann);
    const html = await (await team.as(team.ann).get(`/console/work/${chat.id}/salesforce`, HX)).text();
    expect(sf.requests("query")[0]?.query).toContain(`WHERE Email = 'x\\' OR LastName != \\'y' LIMIT 5`);
    expect(html).toContain("Create contact");
    expect(html).not.toContain("Quinn");
  });

  test("a lookup by an attached-data field uses that field's value; a repeat within a minute is not asked again", async () => {
    const team = setUp(
      { contacts: [{ ...QUINN, AccountNumber__c: "AC-77" }] },
      { chat: { source: "Account number", field: "AccountNumber__c" } },
    );
    const chat = chatFrom(team, "someone@else.test", { "Account number": "AC-77" });
    t.deps.routing.accept(chat.offerId, team.ann);
    const ann = team.as(team.ann);
    expect(await (await ann.get(`/console/work/${chat.id}/salesforce`, HX)).text()).toContain("Acme Ltd");
    expect(sf.requests("query")[0]?.query).toContain(`WHERE AccountNumber__c = 'AC-77'`);
    await ann.get(`/console/work/${chat.id}/salesforce`, HX);
    expect(sf.requests("query")).toHaveLength(1);
    t.clock.advance(61_000);
    await ann.get(`/console/work/${chat.id}/salesforce`, HX);
    expect(sf.requests("query")).toHaveLength(2);
  });

  test("several matches ask the agent to choose; only a listed contact can be chosen", async () => {
    const team = setUp({ contacts: [QUINN, { ...QUINN, Id: "003000000000002", FirstName: "Quincy", Account: { Name: "Beta plc" } }] });
    const chat = chatFrom(team, QUINN.Email as string);
    t.deps.routing.accept(chat.offerId, team.ann);
    const ann = team.as(team.ann);
    const choice = await (await ann.get(`/console/work/${chat.id}/salesforce`, HX)).text();
    expect(choice).toContain("2 contacts match");
    expect(choice).not.toContain(">Cases</button>");
    expect((await ann.post(`/console/work/${chat.id}/salesforce/contact`, { contactId: "003999999999999" }, HX)).status).toBe(422);
    const chosen = await ann.post(`/console/work/${chat.id}/salesforce/contact`, { contactId: "003000000000002" }, HX);
    expect(chosen.status).toBe(200);
    expect(await chosen.text()).toContain(`href="${sf.url}/003000000000002"`);
  });

  test("no match: Create contact creates it in Salesforce with the looked-up email and shows it", async () => {
    const team = setUp({ contacts: [] });
    const chat = chatFrom(team, "new.person@home.test");
    t.deps.routing.accept(chat.offerId, team.ann);
    const ann = team.as(team.ann);
    expect(await (await ann.get(`/console/work/${chat.id}/salesforce`, HX)).text()).toContain("Create contact");
    expect((await ann.post(`/console/work/${chat.id}/salesforce/create`, { firstName: "", lastName: "" }, HX)).status).toBe(422);
    const res = await ann.post(`/console/work/${chat.id}/salesforce/create`, { firstName: "Nina", lastName: "New" }, HX);
    expect(sf.requests("Contact")[0]?.body).toEqual({ FirstName: "Nina", LastName: "New", Email: "new.person@home.test" });
    const html = await res.text();
    expect(html).toContain("Nina New");
    expect(html).toContain(">Cases</button>");
  });

  test("an agent whose profile masks numbers sees the contact's phone and email masked", async () => {
    const team = setUp({}, {}, { maskSensitive: true });
    const chat = chatFrom(team, QUINN.Email as string);
    t.deps.routing.accept(chat.offerId, team.ann);
    const html = await (await team.as(team.ann).get(`/console/work/${chat.id}/salesforce`, HX)).text();
    expect(html).toContain("Quinn O&#39;Brien");
    expect(html).not.toContain("7946 0958");
    expect(html).not.toContain("q.o&#39;brien@home.test");
  });

  test("another agent's interaction is not found", async () => {
    const team = setUp();
    const chat = chatFrom(team, QUINN.Email as string);
    t.deps.routing.accept(chat.offerId, team.ann);
    expect((await team.as(team.bob).get(`/console/work/${chat.id}/salesforce`, HX)).status).toBe(404);
  });

  test("a Salesforce slower than the timeout delays neither the Accept nor the console; the section says so calmly", async () => {
    const team = setUp({ delayMs: 20_000 });
    // The offer starts the lookup: its 4 s run from its first request.
    const arrived = sf.nextRequest();
    const chat = chatFrom(team, QUINN.Email as string);
    const ann = team.as(team.ann);
    const started = performance.now();
    expect((await ann.post(`/console/offers/${chat.offerId}/accept`, {}, HX)).status).toBe(204);
    expect((await ann.get("/console")).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);

    const pending = ann.get(`/console/work/${chat.id}/salesforce`, HX);
    await arrived;
    t.clock.advance(SF_TIMEOUT_MS);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Salesforce did not answer; the interaction goes on.");
    // The chat itself goes on meanwhile.
    expect((await ann.post(`/console/work/${chat.id}/end`, {}, HX)).status).toBe(204);
  });

  test("without settings the console shows no Salesforce section", async () => {
    const team = twoAgents(t);
    const i = t.deps.routing.enqueue({ channel: "chat", queueId: team.sales, customerAddress: "a@b.test" });
    const offer = t.deps.routing.ringingOffers(team.ann).find((o) => o.interactionId === i.id);
    t.deps.routing.accept(offer?.id as string, team.ann);
    expect(await (await team.as(team.ann).get("/console")).text()).not.toContain("/salesforce");
  });
});

describe("Salesforce call log at wrap-up", () => {
  test("the wrap-up writes a Task on the Contact with subject, disposition, notes and duration", async () => {
    const team = setUp();
    const chat = chatFrom(team, QUINN.Email as string);
    const ann = team.as(team.ann);
    await ann.post(`/console/offers/${chat.offerId}/accept`, {}, HX);
    await ann.get(`/console/work/${chat.id}/salesforce`, HX);
    t.clock.advance(95_000);
    await ann.post(`/console/work/${chat.id}/end`, {}, HX);
    expect(sf.requests("Task")).toHaveLength(0);
    const res = await ann.post(`/console/work/${chat.id}/wrap-up`, { disposition: "Resolved", notes: "Sent a new hinge." }, HX);
    expect(res.status).toBe(204);
    await t.deps.salesforce.flush();
    const task = sf.requests("Task")[0]?.body;
    expect(task).toMatchObject({
      WhoId: QUINN.Id,
      Subject: "Chat with Quinn",
      Status: "Completed",
      CallDisposition: "Resolved",
      CallDurationInSeconds: 95,
    });
    expect(String(task?.Description)).toContain("Sent a new hinge.");
    expect(t.db.select().from(salesforceTasks).where(eq(salesforceTasks.interactionId, chat.id)).get()?.status).toBe("sent");
  });

  test("work that ends without a wrap-up form is logged too; a call is looked up by its number", async () => {
    sf = startFakeSalesforce({ contacts: [QUINN] });
    saveSettings(t.db, { salesforce: salesforceSettings(sf.url) }, t.clock.now());
    const team = twoAgents(t, { wrapUpS: 0, channel: "voice" });
    const call = t.deps.routing.enqueue({ channel: "voice", queueId: team.sales, customerAddress: QUINN.Phone as string });
    const offer = t.deps.routing.ringingOffers(team.ann).find((o) => o.interactionId === call.id);
    t.deps.routing.accept(offer?.id as string, team.ann);
    t.clock.advance(42_000);
    t.deps.routing.end(call.id, team.ann);
    await t.deps.salesforce.flush();
    expect(sf.requests("query").at(-1)?.query).toContain(`WHERE Phone = '+44 20 7946 0958'`);
    expect(sf.requests("Task")[0]?.body).toMatchObject({ WhoId: QUINN.Id, TaskSubtype: "Call", CallDurationInSeconds: 42 });
  });

  test("a log no single Contact matches fails at once, is kept with the reason and is shown to the agent", async () => {
    const team = setUp({ contacts: [] });
    const notices: unknown[] = [];
    t.deps.bus.subscribe("agent.notice", (p) => notices.push(p));
    const chat = chatFrom(team, "stranger@home.test");
    t.deps.routing.accept(chat.offerId, team.ann);
    const ann = team.as(team.ann);
    await ann.post(`/console/work/${chat.id}/end`, {}, HX);
    await ann.post(`/console/work/${chat.id}/wrap-up`, { disposition: "Resolved", notes: "" }, HX);
    await t.deps.salesforce.flush();
    expect(t.db.select().from(salesforceTasks).get()).toMatchObject({
      status: "failed",
      lastError: "no Contact match Email = stranger@home.test",
    });
    expect(sf.requests("Task")).toHaveLength(0);
    expect(notices).toEqual([
      expect.objectContaining({ agentId: team.ann, message: expect.stringContaining("could not be written: no Contact match") }),
    ]);
  });

  test("a refused sign-in keeps the log in the outbox and retries it later", async () => {
    const team = setUp({ refuseToken: true });
    const chat = chatFrom(team, QUINN.Email as string);
    t.deps.routing.accept(chat.offerId, team.ann);
    const ann = team.as(team.ann);
    await ann.post(`/console/work/${chat.id}/end`, {}, HX);
    await ann.post(`/console/work/${chat.id}/wrap-up`, { disposition: "Resolved", notes: "" }, HX);
    await t.deps.salesforce.flush();
    const row = t.db.select().from(salesforceTasks).get();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row?.lastError).toContain("invalid_client");
    sf.stop();
    sf = startFakeSalesforce({ contacts: [QUINN] });
    saveSettings(t.db, { salesforce: salesforceSettings(sf.url) }, t.clock.now());
    t.clock.advance(31_000);
    await t.deps.salesforce.flush();
    expect(sf.requests("Task")[0]?.body).toMatchObject({ WhoId: QUINN.Id, CallDisposition: "Resolved" });
  });
});
