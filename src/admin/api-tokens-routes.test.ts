import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { adminClient, makeUser, signedIn } from "../../tests/support/users.ts";
import { listAudit } from "../audit/index.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const apiCall = (secret: string) => t.app.request("http://localhost/api/v1/users", { headers: { authorization: `Bearer ${secret}` } });
const secretIn = (html: string) => /id="new-secret"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="(sbk_[^"]+)"/.exec(html)?.[1] ?? null;

describe("Admin → API tokens", () => {
  test("creating a token shows its secret once; the secret works and is never shown again", async () => {
    const { c } = await adminClient(t);
    const res = await c.post("/admin/api-tokens", { name: "CRM sync", scopes: ["users:read", "interactions:read"], expiry: "30" });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain("shown only this once");
    const secret = secretIn(html);
    expect(secret).toStartWith("sbk_");
    expect((await apiCall(secret as string)).status).toBe(200);

    const list = await (await c.get("/admin/api-tokens")).text();
    expect(list).toContain("CRM sync");
    expect(list).toContain("users:read, interactions:read");
    expect(list).not.toContain(secret as string);
    expect(listAudit(t.db, { search: "api_token.created" }).rows[0]).toMatchObject({ actorName: "boss" });
  });

  test("the list shows when a token was last used", async () => {
    const { c } = await adminClient(t);
    const secret = secretIn(await (await c.post("/admin/api-tokens", { name: "Wallboard", scopes: "users:read", expiry: "90" })).text());
    expect(await (await c.get("/admin/api-tokens")).text()).toContain("<td>Never</td>");
    await apiCall(secret as string);
    const when = `${new Date(t.clock.now()).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    expect(await (await c.get("/admin/api-tokens")).text()).toMatch(new RegExp(`Active until[^<]*</td><td>${when}</td>`));
  });

  test("revoking stops the token at once and marks it revoked", async () => {
    const { c } = await adminClient(t);
    const secret = secretIn(
      await (await c.post("/admin/api-tokens", { name: "Old CRM", scopes: "users:read", expiry: "never" })).text(),
    ) as string;
    expect((await apiCall(secret)).status).toBe(200);
    const page = await (await c.get("/admin/api-tokens")).text();
    const action = /action="(\/admin\/api-tokens\/[^"]+\/revoke)"/.exec(page)?.[1] as string;
    expect((await c.post(action)).status).toBe(303);
    expect((await apiCall(secret)).status).toBe(401);
    const after = await (await c.get("/admin/api-tokens")).text();
    expect(after).toContain("Revoked ");
    expect(after).not.toContain('aria-label="Revoke Old CRM"');
    expect(listAudit(t.db, { search: "api_token.revoked" }).rows).toHaveLength(1);
  });

  test("a form without a name or scopes is shown again with messages (422) and creates nothing", async () => {
    const { c } = await adminClient(t);
    const res = await c.post("/admin/api-tokens", { name: "", expiry: "forever" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Name is required");
    expect(html).toContain("Choose at least one scope");
    expect(html).toContain("No API tokens yet.");
  });

  test("only admins reach the page; an unknown token id is a 404", async () => {
    const { c } = await adminClient(t);
    expect((await c.post("/admin/api-tokens/nope/revoke")).status).toBe(404);
    const agent = signedIn(t, await makeUser(t, { username: "ann" }));
    expect((await agent.get("/admin/api-tokens")).status).toBe(403);
    expect((await agent.post("/admin/api-tokens", { name: "x", scopes: "users:write" })).status).toBe(403);
  });
});
