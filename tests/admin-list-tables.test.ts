/**
 * The tables of the admin list and edit pages, as a screen reader meets them: each says what it lists (a caption)
 * and each column header is marked as one, so a cell is read out with its column's name.
 */
import { expect, test } from "bun:test";
import { makeTestApp, type TestClient } from "./support/harness.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";
import { adminClient } from "./support/kits/admin.ts";

/** Each table of the page: its caption's text (or null) and the column headers without scope="col". */
function tablesOf(html: string) {
  return [...html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/g)].map(([, inner = ""]) => ({
    caption: inner.match(/^\s*<caption\b[^>]*>([^<]+)<\/caption>/)?.[1]?.trim() ?? null,
    unscoped: [...inner.matchAll(/<th\b[^>]*>/g)].map(([th]) => th).filter((th) => !th.includes('scope="col"')),
  }));
}

test("every table of the admin list and edit pages has a caption and column headers", async () => {
  const t = makeTestApp();
  try {
    await checkTables(t.db, (await adminClient(t)).c);
  } finally {
    t.cleanup();
  }
});

async function checkTables(db: ReturnType<typeof makeTestApp>["db"], c: TestClient) {
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  const sales = insertQueue(db, { name: "Sales", members: [ann] });
  const team = (await c.post("/admin/teams", { name: "Alpha", description: "" })).headers.get("location") ?? "";
  expect((await c.post(`${team}/members`, { userId: ann, role: "member" })).status).toBe(303);
  const message = { shortcut: "hi", title: "Greeting", body: "Hello!" };
  expect((await c.post("/admin/predefined", message)).status).toBe(303);
  expect((await c.post("/admin/api-tokens", { name: "Wallboard", scopes: "users:read", expiry: "90" })).status).toBe(201);

  const expected: Record<string, string[]> = {
    "/admin/agents": ["Users"],
    "/admin/teams": ["All teams"],
    [team]: ["Members of this team"],
    "/admin/queues": ["chat departments"],
    [`/admin/queues/${sales}`]: ["Agents of this department"],
    "/admin/predefined": ["Messages"],
    "/admin/api-tokens": ["API tokens"],
    "/admin/audit": ["Audit entries"],
  };
  for (const [path, captions] of Object.entries(expected)) {
    const res = await c.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    const tables = tablesOf(await res.text());
    expect({ path, captions: tables.map((x) => x.caption) }).toEqual({ path, captions });
    expect({ path, unscoped: tables.flatMap((x) => x.unscoped) }).toEqual({ path, unscoped: [] });
  }
}
