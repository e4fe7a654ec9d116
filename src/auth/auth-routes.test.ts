import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { issueSetupToken } from "./index.ts";
import { makeTestApp, seedAdmin, TEST_PASSWORD, type TestApp } from "../../tests/support/harness.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

describe("first-run setup", () => {
  test("the one-time link creates the admin once, then stops working", async () => {
    const token = issueSetupToken(t.db, t.clock.now()) as string;
    const c = t.client();
    expect((await c.get(`/setup/${token}`)).status).toBe(200);
    const res = await c.post(`/setup/${token}`, {
      fullName: "Ada Admin",
      username: "ada",
      email: "ada@example.test",
      password: TEST_PASSWORD,
      confirm: TEST_PASSWORD,
    });
    expect(res.status).toBe(303);
    // The setup form signs the new admin in.
    expect(res.headers.get("location")).toBe("/admin/agents");
    expect((await c.get("/admin/agents")).status).toBe(200);
    await c.login("ada");
    const again = await t.client().get(`/setup/${token}`);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("Setup is already done");
  });

  test("setup form errors re-render with 422 and field messages", async () => {
    const token = issueSetupToken(t.db, t.clock.now()) as string;
    const res = await t.client().post(`/setup/${token}`, { fullName: "", username: "bad name!", password: "short", confirm: "other" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Full name is required");
    expect(html).toContain("Username may only have letters, digits, . and _");
    expect(html).toContain("at least 8 characters");
  });
});

describe("sign-in", () => {
  test("wrong password is refused with 401; right one opens a session cookie that is HttpOnly, Secure and SameSite", async () => {
    await seedAdmin(t.db);
    const c = t.client();
    const bad = await c.post("/login", { username: "boss", password: "nope-nope" });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain("Wrong username or password");
    const ok = await c.post("/login", { username: "boss", password: TEST_PASSWORD });
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((l) => l.startsWith("sb_session=")) ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
  });

  test("a POST without the CSRF token is refused", async () => {
    await seedAdmin(t.db);
    const res = await t.client().post("/login", { username: "boss", password: TEST_PASSWORD, _csrf: "x".repeat(43) });
    expect(res.status).toBe(403);
  });

  test("a POST from another site's origin is refused", async () => {
    await seedAdmin(t.db);
    const res = await t.client().post("/login", { username: "boss", password: TEST_PASSWORD }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });

  test("an anonymous visitor to an admin page is sent to sign in", async () => {
    const res = await t.client().get("/admin/agents");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fadmin%2Fagents");
  });
});

describe("caching and referrer", () => {
  test("signed-in pages are not stored by the browser; the referrer policy keeps same-origin referrers", async () => {
    await seedAdmin(t.db);
    const c = t.client();
    await c.login("boss");
    const page = await c.get("/admin/agents");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const anonymous = await t.client().get("/login");
    expect(anonymous.headers.get("cache-control")).toBeNull();
  });
});
