import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { postAgentMessage } from "../chat/index.ts";
import { chatMessages } from "../chat/conversation-schema.ts";
import { mailOutbox } from "../integrations/mail/schema.ts";
import { reportEvents } from "../reports/schema.ts";
import { getSettings, saveSettings } from "../settings/index.ts";
import { makePng } from "../../tests/support/browser.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { MESSAGE_LIMIT } from "./conversation-routes.ts";
import { annAccepts, setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
let ann: string;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ({ ann, sales } = setUpWidget(t));
});
afterEach(() => t.cleanup());

const upload = (v: Visitor, name: string, bytes: Buffer | string, clientId?: string) => {
  const form = new FormData();
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  if (clientId) form.set("clientId", clientId);
  return v.request("POST", `/conversations/${v.id}/attachments`, form);
};

describe("messages (W2)", () => {
  test("a retried send with the same client id returns the same message and stores it once", async () => {
    const v = await new Visitor(t).start(sales);
    const first = await v.send("Hello, is anyone there?", "c-1");
    expect(first.status).toBe(201);
    const again = await v.send("Hello, is anyone there?", "c-1");
    const [a, b] = [(await first.json()) as { message: { id: string; seq: number } }, (await again.json()) as { message: { id: string } }];
    expect(b.message.id).toBe(a.message.id);
    await v.send("Second", "c-2");
    expect((await v.messages()).map((m) => m.body)).toEqual(["Hello, is anyone there?", "Second"]);
    expect((await v.messages(a.message.seq)).map((m) => m.body)).toEqual(["Second"]);
  });

  test("a visitor can never read or write another visitor's conversation", async () => {
    const vera = await new Visitor(t).start(sales);
    await vera.send("my secret order number 4711");
    const mallory = await new Visitor(t).start(sales);
    const stolen = Object.assign(new Visitor(t), { id: vera.id, token: mallory.token });
    const attempts = [
      await stolen.request("GET", `/conversations/${vera.id}`),
      await stolen.request("GET", `/conversations/${vera.id}/messages`),
      await stolen.request("GET", `/conversations/${vera.id}/events`),
      await stolen.send("hijack"),
      await stolen.request("POST", `/conversations/${vera.id}/end`),
      await Object.assign(new Visitor(t), { id: vera.id }).request("GET", `/conversations/${vera.id}/messages`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("4711");
    }
    expect((await vera.messages()).map((m) => m.body)).toEqual(["my secret order number 4711"]);
    expect(await mallory.messages()).toEqual([]);
  });

  test("the agent's messages reach the visitor under the alias, never the real name", async () => {
    const v = await new Visitor(t).start(sales);
    const interactionId = annAccepts(t, ann);
    postAgentMessage(t.deps, interactionId, ann, { body: "Hi Vera, Annie here." });
    const msgs = await v.messages();
    expect(msgs.map((m) => [m.from, m.alias, m.body])).toEqual([
      ["system", null, "Annie joined the chat."],
      ["agent", "Annie", "Hi Vera, Annie here."],
    ]);
    const state = await (await v.request("GET", `/conversations/${v.id}`)).text();
    expect(state).toContain('"alias":"Annie"');
    expect(state).not.toContain("Realname");
  });

  test("messages are limited per conversation: 429 with a message", async () => {
    const v = await new Visitor(t).start(sales);
    for (let n = 0; n < MESSAGE_LIMIT.count; n++) expect((await v.send(`m${n}`)).status).toBe(201);
    const res = await v.send("one too many");
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toContain("too fast");
  });

  test("empty and over-long messages are refused with 422", async () => {
    const v = await new Visitor(t).start(sales);
    expect((await v.send("")).status).toBe(422);
    const long = await v.send("x".repeat(2001));
    expect(((await long.json()) as { fields: Record<string, string> }).fields.body).toContain("at most 2000");
  });
});

describe("files (W2)", () => {
  test("an image is stored by its content and served back as a sandboxed download with nosniff", async () => {
    const v = await new Visitor(t).start(sales);
    const png = makePng(4, 4);
    const res = await upload(v, "photo.png", png, "f-1");
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: { attachment: { id: string; mime: string; name: string } } };
    expect(message.attachment).toMatchObject({ mime: "image/png", name: "photo.png" });
    expect((await upload(v, "photo.png", png, "f-1")).status).toBe(201);
    expect(t.db.select().from(chatMessages).all()).toHaveLength(1);
    const file = await v.request("GET", `/conversations/${v.id}/attachments/${message.attachment.id}`);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toStartWith("attachment;");
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const other = await new Visitor(t).start(sales);
    expect((await other.request("GET", `/conversations/${other.id}/attachments/${message.attachment.id}`)).status).toBe(404);
  });

  test("an HTML page renamed .png, an SVG and a misnamed PDF are refused with a message", async () => {
    const v = await new Visitor(t).start(sales);
    const html = await upload(v, "cute-cat.png", "<html><script>alert(1)</script></html>");
    expect(html.status).toBe(422);
    expect(((await html.json()) as { error: string }).error).toContain("cannot be sent: only PNG, JPEG or GIF images");
    expect((await upload(v, "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).status).toBe(422);
    const pdf = await upload(v, "invoice.png", "%PDF-1.7\n1 0 obj\n");
    expect(((await pdf.json()) as { error: string }).error).toContain("is a PDF document; its name must end with .pdf");
    expect((await upload(v, "notes.txt", "Order 4711, size M\n")).status).toBe(201);
    expect(t.db.select().from(chatMessages).all()).toHaveLength(1);
  });
});

describe("leaving, rating and transcript (W8, W9, W3)", () => {
  test("leaving before an agent accepts ends the request as abandoned (R3 row)", async () => {
    const v = await new Visitor(t).start(sales);
    const res = await v.request("POST", `/conversations/${v.id}/end`);
    expect(await res.json()).toMatchObject({ phase: "ended", answered: false });
    const rows = t.db
      .select()
      .from(reportEvents)
      .where(and(eq(reportEvents.type, "queue.left"), eq(reportEvents.queueId, sales)))
      .all();
    expect(rows.map((r) => JSON.parse(r.data).reason)).toEqual(["abandoned"]);
    expect((await v.send("still there?")).status).toBe(409);
    // The visitor reads this line too, often right after ending the chat themselves.
    expect((await v.messages()).map((m) => m.body)).toEqual(["The chat ended before an agent answered."]);
    // Nobody answered: nothing to rate.
    const rated = await v.request("POST", `/conversations/${v.id}/rating`, { rating: "5" });
    expect(rated.status).toBe(422);
    expect(await rated.text()).toContain("No agent answered this chat");
  });

  test("leaving after the agent accepted ends the session; then the visitor rates it once", async () => {
    const v = await new Visitor(t).start(sales);
    const interactionId = annAccepts(t, ann);
    await v.request("POST", `/conversations/${v.id}/end`);
    expect(t.deps.routing.get(interactionId)).toMatchObject({ endReason: "customer-left" });
    expect((await v.request("POST", `/conversations/${v.id}/rating`, { rating: "6" })).status).toBe(422);
    expect((await v.request("POST", `/conversations/${v.id}/rating`, { rating: "5", comment: "Great <3" })).status).toBe(200);
    expect((await v.request("POST", `/conversations/${v.id}/rating`, { rating: "1" })).status).toBe(409);
  });

  test("the transcript mail lists every message with time and sender (alias), and escapes customer text in HTML", async () => {
    saveSettings(t.db, { centerName: "Acme Help", smtp: { ...getSettings(t.db).smtp, host: "mail.center.test" } }, t.clock.now());
    const v = await new Visitor(t).start(sales, { name: "<img src=x onerror=alert(1)>" });
    await v.send("<script>alert('hi')</script> & more");
    const interactionId = annAccepts(t, ann);
    postAgentMessage(t.deps, interactionId, ann, { body: "How can I help?" });
    const res = await v.request("POST", `/conversations/${v.id}/transcript`, { email: "vera@home.test" });
    expect(res.status).toBe(202);
    const mail = t.db.select().from(mailOutbox).get()!;
    expect(mail).toMatchObject({ to: "vera@home.test", subject: "Your chat with Acme Help" });
    expect(mail.text).toContain("[2026-01-05 09:00:00] <img src=x onerror=alert(1)>: <script>alert('hi')</script> & more");
    expect(mail.text).toContain("Annie: How can I help?");
    expect(mail.text).not.toContain("Realname");
    expect(mail.html).toContain("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; more");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
  });
});
