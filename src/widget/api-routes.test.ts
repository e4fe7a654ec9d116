import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { conversations } from "../chat/conversation-schema.ts";
import { interactions } from "../routing/interactions-schema.ts";
import { saveSettings, SETTING_DEFAULTS } from "../settings/index.ts";
import { sha256Hex } from "../shared/index.ts";
import { insertQueue } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { NEW_CHAT_LIMIT } from "./api-routes.ts";
import { SITE, setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
let ann: string;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ({ ann, sales } = setUpWidget(t));
});
afterEach(() => t.cleanup());

describe("allowed origins (A8)", () => {
  test("an allowed site gets CORS answers: preflight and the Origin echoed", async () => {
    const v = new Visitor(t);
    const pre = await v.request("OPTIONS", "/conversations", undefined, {
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, authorization",
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const res = await v.request("GET", "/departments");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(res.headers.get("vary")).toContain("Origin");
  });

  test("another site is refused with 403, a message and no CORS header, before anything is created", async () => {
    const evil = new Visitor(t, "https://evil.example");
    for (const res of [
      await evil.request("OPTIONS", "/conversations", undefined, { "access-control-request-method": "POST" }),
      await evil.request("POST", "/conversations", { name: "Eve", email: "eve@evil.example", department: sales }),
      await evil.request("GET", "/departments"),
    ]) {
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(((await res.json()) as { error: string }).error).toContain("may not use the chat");
    }
    expect(t.db.select().from(conversations).all()).toHaveLength(0);
  });

  test("the widget script loads from any page, as JavaScript, with a cross-origin resource policy", async () => {
    const js = await t.app.request("http://localhost/widget.js", { headers: { referer: "https://elsewhere.example/" } });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(await js.text()).toContain("Switchboard");
    const css = await t.app.request("http://localhost/widget.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });
});

describe("pre-chat form (W1)", () => {
  test("creates the conversation, queues a chat interaction with name, email and context, and returns a token stored only hashed", async () => {
    saveSettings(t.db, { attachedFields: ["First name", "Account number"] }, t.clock.now());
    const context = { account_number: "A-1001", GPS: "45.07,7.68", firstName: "Vera" };
    const v = await new Visitor(t).start(sales, { context });
    expect(v.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = t.db.select().from(conversations).where(eq(conversations.id, v.id)).get()!;
    expect(row.tokenHash).toBe(sha256Hex(v.token));
    expect(JSON.stringify(row)).not.toContain(v.token);
    const i = t.db.select().from(interactions).where(eq(interactions.id, row.interactionId!)).get()!;
    expect(i).toMatchObject({
      channel: "chat",
      status: "queued",
      queueId: sales,
      customerName: "Vera Visitor",
      customerAddress: "vera@home.test",
    });
    // The configured fields, by their names and in their order; the rest of the context stays on the conversation only.
    expect(i.attachedData).toBe(JSON.stringify({ "First name": "Vera", "Account number": "A-1001" }));
    expect(JSON.parse(row.context)).toEqual(context);
  });

  test("bad input gets 422 with a message per field and creates nothing", async () => {
    const v = new Visitor(t);
    const tooMany = Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`k${n}`, "v"]));
    const res = await v.request("POST", "/conversations", {
      name: "x".repeat(81),
      email: "not-an-email",
      department: "nope",
      context: tooMany,
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { fields: Record<string, string> };
    expect(body.fields.name).toContain("at most 80");
    expect(body.fields.email).toContain("not a valid email");
    expect(body.fields.department).toContain("Department must be one of");
    expect(body.fields.context).toContain("at most 10");
    const long = await v.request("POST", "/conversations", {
      name: "V",
      email: "v@h.test",
      department: sales,
      context: { a: "x".repeat(201) },
    });
    expect(((await long.json()) as { fields: Record<string, string> }).fields.context).toContain("at most 200");
    expect((await v.request("POST", "/conversations", ["not", "an object"] as unknown as Record<string, unknown>)).status).toBe(422);
    expect(t.db.select().from(conversations).all()).toHaveLength(0);
  });

  test("new chats are limited per client address: 429 with a message", async () => {
    for (let n = 0; n < NEW_CHAT_LIMIT.count; n++) await new Visitor(t).start(sales);
    const res = await new Visitor(t).request("POST", "/conversations", { name: "V", email: "v@h.test", department: sales });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toContain("Too many new chats");
    t.clock.advance(NEW_CHAT_LIMIT.windowMs);
    await new Visitor(t).start(sales);
  });
});

describe("open departments and the offline form (W9)", () => {
  const departments = async () =>
    (
      (await (await new Visitor(t).request("GET", "/departments")).json()) as {
        departments: { name: string; open: boolean; offlineForm: boolean }[];
      }
    ).departments;

  test("a department is open while a member is signed in; with nobody, it offers the offline form and refuses new chats", async () => {
    insertQueue(t.db, { name: "Voice only", channel: "voice", members: [ann] });
    expect(await departments()).toEqual([expect.objectContaining({ name: "Sales", open: true })]);
    t.deps.presence.apply(ann, { type: "logout" });
    expect(await departments()).toEqual([expect.objectContaining({ name: "Sales", open: false, offlineForm: true })]);
    const res = await new Visitor(t).request("POST", "/conversations", { name: "V", email: "v@h.test", department: sales });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toContain("closed right now");
  });

  test("outside business hours the department is closed and offers the offline form; it opens at the opening time", async () => {
    const days = ["", "09:30-18:00", "", "", "", "", ""];
    saveSettings(t.db, { businessHours: { ...SETTING_DEFAULTS.businessHours, enabled: true, days } }, t.clock.now());
    // The test clock starts on Monday 2026-01-05 09:00 (UTC, the appliance's zone in tests).
    expect((await departments())[0]).toMatchObject({ open: false, offlineForm: true });
    t.clock.advance(30 * 60_000);
    expect((await departments())[0]).toMatchObject({ open: true });
    saveSettings(t.db, { businessHours: { enabled: true, days: ["", "", "", "", "", "", ""], closedTreatment: "hangup" } }, t.clock.now());
    expect((await departments())[0]).toMatchObject({ open: false, offlineForm: false });
  });

  test("an offline message is stored, and queued as an email follow-up when an email department exists", async () => {
    const mailQueue = insertQueue(t.db, { name: "Mailbox", channel: "email" });
    const res = await new Visitor(t).request("POST", "/offline", {
      name: "Olga",
      email: "olga@home.test",
      message: "Call me back <b>please</b>",
      department: sales,
    });
    expect(res.status).toBe(201);
    const row = t.db.select().from(conversations).where(eq(conversations.status, "offline")).get()!;
    const i = t.db.select().from(interactions).where(eq(interactions.id, row.interactionId!)).get()!;
    expect(i).toMatchObject({
      channel: "email",
      status: "queued",
      queueId: mailQueue,
      customerName: "Olga",
      customerAddress: "olga@home.test",
    });
    expect(JSON.parse(i.attachedData).Message).toBe("Call me back <b>please</b>");
    const bad = await new Visitor(t).request("POST", "/offline", { name: "", email: "x", message: "" });
    expect(bad.status).toBe(422);
  });
});
