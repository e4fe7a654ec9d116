import { afterEach, beforeEach, expect, test } from "bun:test";
import { makeTestApp, seedAdmin, type TestApp } from "../../tests/support/harness.ts";
import { DISK_FULL_MESSAGE, DISK_FULL_RECENT_MS } from "../shared/index.ts";
import { setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ({ sales } = setUpWidget(t));
});
afterEach(() => t.cleanup());

/** The database may not grow by a single page: every write that needs one fails with SQLITE_FULL, as on a full disk. */
const fillDatabase = () => {
  const { page_count } = t.db.$client.query("PRAGMA page_count").get() as { page_count: number };
  t.db.$client.exec(`PRAGMA max_page_count = ${page_count}`);
};
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

test("when writes fail for want of space, visitors and staff get a clear 503, /healthz says why, and admins see a banner", async () => {
  await seedAdmin(t.db);
  const boss = t.client();
  await boss.login("boss");
  const v = await new Visitor(t).start(sales);
  fillDatabase();

  // Enough text that the messages cannot fit in the pages the database already has.
  let sent: Response | null = null;
  for (let n = 0; n < 30 && (!sent || sent.status === 201); n++) sent = await v.send("x".repeat(2000));
  expect(sent?.status).toBe(503);
  expect(await errorOf(sent as Response)).toBe(DISK_FULL_MESSAGE);

  const health = await t.app.request("/healthz");
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ status: "error", error: expect.stringMatching(/^the disk is full: writes failed \d+ s ago/) });

  const page = await boss.get("/admin/agents");
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("The server&#39;s disk needs attention:</strong> the disk is full");

  // Space comes back: a minute without failures and health is ok again, the banner gone.
  t.db.$client.exec("PRAGMA max_page_count = 1073741823");
  t.clock.advance(DISK_FULL_RECENT_MS);
  expect((await t.app.request("/healthz")).status).toBe(200);
  expect(await (await boss.get("/admin/agents")).text()).not.toContain("disk needs attention");
  expect((await v.send("back again")).status).toBe(201);
});

test("an admin saving a form on a full disk gets a 503 page saying the disk is full, not an unexpected error", async () => {
  await seedAdmin(t.db);
  const boss = t.client();
  await boss.login("boss");
  fillDatabase();
  let res: Response | null = null;
  for (let n = 0; n < 40 && (!res || res.status === 303); n++)
    res = await boss.post("/admin/predefined", { shortcut: `s${n}`, title: `Reply ${n}`, body: "y".repeat(2000) }, { accept: "text/html" });
  expect(res?.status).toBe(503);
  expect(await res?.text()).toContain("The server&#39;s disk is full, so nothing new can be saved right now.");
});

test("/healthz fails with the reason while free space is below the floor kept", async () => {
  t.cleanup();
  t = makeTestApp({ minFreeDiskMb: 1024 * 1024 });
  const res = await t.app.request("/healthz");
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: string }).error).toMatch(/^the disk is nearly full: \d+ MB free, below the 1048576 MB kept free$/);
});
