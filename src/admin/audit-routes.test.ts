import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { recordAudit } from "../audit/index.ts";
import { saveSettings } from "../settings/index.ts";
import { csvCell } from "../shared/index.ts";
import { teams } from "../teams/schema.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { adminClient, addUser } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  saveSettings(t.db, { timeZone: "UTC" }, t.clock.now());
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

const robot = { id: null, name: "robot" };

function fill(n: number) {
  for (let i = 1; i <= n; i++) {
    t.clock.advance(1000);
    recordAudit(t.db, robot, `thing.changed`, { type: "thing", id: `t${i}` }, { n: i }, t.clock.now());
  }
}

describe("audit log", () => {
  test("admin changes appear newest first with who, what, when and target, and in the CSV export", async () => {
    await c.post("/admin/teams", { name: "Sales" });
    t.clock.advance(60_000);
    await c.post("/admin/predefined", { shortcut: "hi", title: "Hi", body: "Hello" });
    const html = await (await c.get("/admin/audit")).text();
    const created = html.indexOf("predefined.created");
    expect(created).toBeGreaterThan(0);
    expect(html.indexOf("team.created")).toBeGreaterThan(created);
    expect(html).toContain("2026-01-05 09:01:00");
    expect(html).toContain("When (UTC)");
    expect(html).toContain("<td>boss</td>");
    expect(html).toContain("<td>team Sales</td>");

    const res = await c.get("/admin/audit/export.csv");
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain('attachment; filename="audit-2026-01-05.csv"');
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("when,who,action,target,detail");
    expect(lines[1]).toContain("2026-01-05 09:01:00,boss,predefined.created,predefined hi,");
    expect(lines[2]).toContain("boss,team.created,team Sales,name: Sales");
  });

  test("names instead of ids, changes as 'field: old → new', times in the center's zone (page and CSV)", async () => {
    saveSettings(t.db, { timeZone: "America/New_York" }, t.clock.now());
    const ann = await addUser(t.db, "ann", "agent", "Ann Agent");
    await c.post("/admin/teams", { name: "Sales" });
    const team = t.db.select().from(teams).get()!;
    t.clock.advance(60_000);
    await c.post(`/admin/teams/${team.id}`, { name: "Field sales", description: "" });
    await c.post(`/admin/teams/${team.id}/members`, { userId: ann, role: "member" });
    recordAudit(t.db, robot, "user.unlocked", { type: "user", id: ann }, {}, t.clock.now());
    const page = await (await c.get("/admin/audit")).text();
    const html = page.slice(page.indexOf("<table"));
    expect(html).toContain("When (America/New_York)");
    expect(html).toContain("2026-01-05 04:01:00");
    expect(html).toContain("<td>team Field sales</td>");
    expect(html).toContain("name: Sales → Field sales");
    expect(html).toContain("team: Field sales; user: ann; role: member");
    expect(html).toContain("<td>user Ann Agent (ann)</td>");
    expect(html).not.toContain(ann);
    expect(html).not.toContain(team.id);
    expect(html).not.toContain("{&quot;");

    const csv = (await (await c.get("/admin/audit/export.csv")).text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const renamed = csv.find((l) => l.includes("team.updated"));
    expect(renamed).toBe("2026-01-05 04:01:00,boss,team.updated,team Field sales,name: Field sales; name: Sales → Field sales");
    expect(csv.join("\n")).not.toContain(team.id);
    expect(csv.join("\n")).not.toContain(ann);
    expect(csv.join("\n")).not.toContain("{");
  });

  test("search narrows the page and the export; % and _ are taken literally", async () => {
    fill(3);
    recordAudit(t.db, { id: null, name: "ann_b" }, "queue.deleted", { type: "queue", id: "q1" }, { name: "100% sales" }, t.clock.now() + 1);
    const page = await (await c.get("/admin/audit?q=queue.deleted")).text();
    expect(page).toContain("1 entry matching");
    expect(page).not.toContain("thing.changed");
    expect(await (await c.get("/admin/audit?q=100%25")).text()).toContain("1 entry matching");
    expect(await (await c.get("/admin/audit?q=n_b")).text()).toContain("1 entry matching");
    expect(await (await c.get("/admin/audit?q=x_y")).text()).toContain("0 entries");
    const csv = await (await c.get("/admin/audit/export.csv?q=thing")).text();
    expect(csv.trim().split("\r\n")).toHaveLength(4);
  });

  test("pages of 50 with previous and next links; the export has every matching row", async () => {
    fill(120);
    const first = await (await c.get("/admin/audit")).text();
    expect(first).toContain("Page 1 of 3");
    expect(first).toContain('href="/admin/audit?page=2"');
    expect(first).not.toContain("Previous page");
    expect(first).toContain("t120");
    expect(first).not.toContain("t70<");
    const last = await (await c.get("/admin/audit?page=3")).text();
    expect(last).toContain("Page 3 of 3");
    expect(last).toContain("t1<");
    expect(last).not.toContain("Next page");
    expect(await (await c.get("/admin/audit?page=999")).text()).toContain("Page 3 of 3");
    expect((await c.get("/admin/audit?page=abc")).status).toBe(200);
    const csv = (await (await c.get("/admin/audit/export.csv")).text()).trim().split("\r\n");
    expect(csv).toHaveLength(121);
  });

  test("CSV cells cannot start a spreadsheet formula", async () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe(`'+1`);
    expect(csvCell("-2")).toBe(`'-2`);
    expect(csvCell("@SUM(A1)")).toBe(`'@SUM(A1)`);
    expect(csvCell("plain, text")).toBe(`"plain, text"`);
    recordAudit(t.db, { id: null, name: "=cmd|' /C calc'!A0" }, "x", { type: "y" }, {}, t.clock.now());
    const csv = await (await c.get("/admin/audit/export.csv")).text();
    expect(csv).toContain(`'=cmd|' /C calc'!A0,`);
  });
});
