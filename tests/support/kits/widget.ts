/** Helpers for the widget's route tests: an allowed site, a staffed chat department and a visitor client. */
import { saveSettings } from "../../../src/settings/index.ts";
import { insertQueue, insertUser } from "../fixtures.ts";
import type { TestApp } from "../harness.ts";

export const SITE = "https://shop.example";

/** An allowed site, agent Ann (alias "Annie") signed in but Not Ready, and the chat department Sales. */
export function setUpWidget(t: TestApp) {
  saveSettings(t.db, { widgetOrigins: [SITE] }, t.clock.now());
  const ann = insertUser(t.db, { username: "ann", fullName: "Ann Realname", alias: "Annie", email: "ann@center.test" });
  const sales = insertQueue(t.db, { name: "Sales", members: [ann] });
  t.deps.presence.apply(ann, { type: "login", notReady: true });
  return { ann, sales };
}

/** Makes Ann Ready and accepts the chat offered to her; returns the interaction id. */
export function annAccepts(t: TestApp, ann: string): string {
  if (t.deps.presence.get(ann).state !== "ready") t.deps.presence.apply(ann, { type: "choose_ready" });
  const offer = t.deps.routing.ringingOffers(ann)[0];
  if (!offer) throw new Error("nothing rings for Ann");
  return t.deps.routing.accept(offer.id, ann).id;
}

type Body = Record<string, unknown> | FormData;

/** A website visitor talking to the widget API from a page of `origin`, with its token once it has one. */
export class Visitor {
  id = "";
  token = "";
  constructor(
    private readonly t: TestApp,
    readonly origin: string | null = SITE,
    /** The client address the server sees (none when null, as in a bare app.request()). */
    public address: string | null = null,
  ) {}

  request(method: string, path: string, body?: Body, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.origin) h.origin = this.origin;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (body && !(body instanceof FormData)) h["content-type"] = "application/json";
    const payload = body instanceof FormData ? body : body ? JSON.stringify(body) : undefined;
    const peer = this.address ? { requestIP: () => ({ address: this.address, family: "IPv4", port: 40_000 }) } : undefined;
    return Promise.resolve(this.t.app.request(`http://localhost/widget/api${path}`, { method, headers: h, body: payload }, peer));
  }

  /** Fills the pre-chat form; throws unless the chat was created. */
  async start(queueId: string, extra: Record<string, unknown> = {}): Promise<this> {
    const res = await this.request("POST", "/conversations", {
      name: "Vera Visitor",
      email: "vera@home.test",
      department: queueId,
      ...extra,
    });
    if (res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { conversationId: string; token: string };
    this.id = body.conversationId;
    this.token = body.token;
    return this;
  }

  send(body: string, clientId?: string): Promise<Response> {
    return this.request("POST", `/conversations/${this.id}/messages`, { body, ...(clientId ? { clientId } : {}) });
  }

  async messages(after = 0): Promise<{ seq: number; from: string; alias: string | null; body: string }[]> {
    const res = await this.request("GET", `/conversations/${this.id}/messages?after=${after}`);
    return ((await res.json()) as { messages: { seq: number; from: string; alias: string | null; body: string }[] }).messages;
  }
}
