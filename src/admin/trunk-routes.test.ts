import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { listAudit } from "../audit/index.ts";
import { users } from "../auth/schema.ts";
import { queues } from "../routing/schema.ts";
import { newId } from "../shared/index.ts";
import { getTrunk, listInboundRoutes, TRUNK_UPDATED } from "../trunk/index.ts";
import { sipTrunk } from "../trunk/schema.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

const form = (over: Record<string, string> = {}) => ({
  enabled: "on",
  host: "sip.provider.example",
  port: "5060",
  transport: "UDP",
  authMode: "register",
  username: "acme-trunk",
  password: "Pr0vider-secret",
  authRealm: "",
  expiresS: "600",
  allowList: "",
  callerId: "+41441234567",
  codecs: "PCMA,PCMU",
  rule0Prefix: "00",
  rule0Strip: "2",
  rule0Add: "+",
  rule1Prefix: "0",
  rule1Strip: "1",
  rule1Add: "+41",
  ...over,
});

const html = async (res: Response) => ({ status: res.status, text: await res.text() });

describe("the SIP trunk page", () => {
  test("agents and supervisors are refused; admins find it in the menu with the status 'Not configured'", async () => {
    for (const role of ["agent", "supervisor"] as const) {
      await addUser(t.db, `${role}1`, role);
      const other = t.client();
      await other.login(`${role}1`);
      for (const path of ["/admin/trunk", "/admin/trunk/status", "/admin/trunk/routes/x", "/admin/trunk/routes/x/delete"])
        expect([path, (await other.get(path)).status]).toEqual([path, 403]);
      for (const path of ["/admin/trunk", "/admin/trunk/routes", "/admin/trunk/routes/x", "/admin/trunk/routes/x/delete"])
        expect([path, (await other.post(path, { ...form(), did: "*", target: "queue:x" })).status]).toEqual([path, 403]);
    }
    expect(getTrunk(t.db).host).toBe("");
    const page = await html(await c.get("/admin/trunk"));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<a href="/admin/trunk">SIP trunk</a>');
    expect(page.text).toContain('data-state="not_configured"');
  });

  test("saving stores every field, is audited without the password, tells the SIP side, and never renders the password", async () => {
    const events: unknown[] = [];
    t.deps.bus.subscribe(TRUNK_UPDATED, (e) => events.push(e));
    const res = await c.post("/admin/trunk", form());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/trunk?done=saved");
    expect(getTrunk(t.db)).toEqual({
      enabled: true,
      host: "sip.provider.example",
      port: 5060,
      transport: "UDP",
      authMode: "register",
      username: "acme-trunk",
      password: "Pr0vider-secret",
      authRealm: "",
      expiresS: 600,
      allowList: [],
      callerId: "+41441234567",
      numberRules: [
        { prefix: "00", strip: 2, add: "+" },
        { prefix: "0", strip: 1, add: "+41" },
      ],
      codecs: ["PCMA", "PCMU"],
    });
    expect(events).toHaveLength(1);
    const [row] = listAudit(t.db, { search: "trunk.updated" }).rows;
    expect(row?.actorName).toBe("boss");
    expect(row?.detail).toContain('"password":{"from":"(hidden)","to":"(changed)"}');
    expect(row?.detail).not.toContain("Pr0vider-secret");
    const page = await html(await c.get("/admin/trunk?done=saved"));
    expect(page.text).toContain("Trunk saved.");
    expect(page.text).toContain("A password is stored. Leave empty to keep it.");
    expect(page.text).not.toContain("Pr0vider-secret");
    expect(page.text).toContain('value="sip.provider.example"');
  });

  test("a blank password keeps the stored one; saving the same again changes nothing; 'remove' clears it", async () => {
    await c.post("/admin/trunk", form());
    const events: unknown[] = [];
    t.deps.bus.subscribe(TRUNK_UPDATED, (e) => events.push(e));
    const same = await c.post("/admin/trunk", form({ password: "" }));
    expect(same.headers.get("location")).toBe("/admin/trunk?done=unchanged");
    expect(getTrunk(t.db).password).toBe("Pr0vider-secret");
    expect(events).toEqual([]);
    expect(listAudit(t.db, { search: "trunk.updated" }).total).toBe(1);
    const cleared = await html(await c.post("/admin/trunk", form({ password: "", passwordClear: "on" })));
    expect(cleared.status).toBe(422);
    expect(cleared.text).toContain("Password is required for registration");
    const ip = await c.post("/admin/trunk", form({ password: "", passwordClear: "on", authMode: "ip", allowList: "192.0.2.0/24" }));
    expect(ip.status).toBe(303);
    expect(getTrunk(t.db)).toMatchObject({ password: "", authMode: "ip", allowList: ["192.0.2.0/24"] });
  });

  test("each field is checked: 422 with its own message, the form as typed (without the password), nothing stored", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ host: "" }, "Provider host is required"],
      [{ host: "not a host" }, "Provider host must be a host name or an IP address"],
      [{ port: "70000" }, "Provider port must be between 1 and 65535"],
      [{ transport: "SCTP" }, "Transport must be one of: UDP, TCP"],
      [{ authMode: "magic" }, "Authentication must be one of: register, ip"],
      [{ username: "" }, "Username is required"],
      [{ username: "bad user" }, "Username may have letters, digits and"],
      [{ password: "x".repeat(129) }, "Password must be at most 128 characters"],
      [{ authRealm: 'a"b' }, "Authentication realm may not have quotes or backslashes"],
      [{ expiresS: "30" }, "Registration expiry must be between 60 and 3600"],
      [{ expiresS: "3601" }, "Registration expiry must be between 60 and 3600"],
      [{ authMode: "ip", allowList: "" }, "Provider addresses are required for IP-based authentication"],
      [{ authMode: "ip", allowList: "192.0.2.1\nprovider.example" }, "provider.example is not an IP address or a CIDR block"],
      [{ allowList: "10.0.0.0/40" }, "10.0.0.0/40: the block size after / must be 0 to 32"],
      [{ callerId: "call me" }, "Outbound caller ID must be an E.164 number"],
      [{ callerId: "+0441234567" }, "Outbound caller ID must be an E.164 number"],
      [{ codecs: "G729" }, "Codecs must be one of"],
      [{ rule1Prefix: "0x" }, "Rule 2: the prefix may have a leading + and up to 16 digits, * or #"],
      [{ rule0Strip: "20" }, "Rule 1: characters to remove must be between 0 and 16"],
      [{ rule0Add: "abc" }, "Rule 1: the prefix to add may have a leading + and up to 16 digits"],
      [{ rule1Strip: "0", rule1Add: "" }, "Rule 2 changes nothing"],
    ];
    for (const [over, message] of cases) {
      const res = await html(await c.post("/admin/trunk", form(over)));
      expect({ over, status: res.status }).toEqual({ over, status: 422 });
      expect(res.text).toContain(message.replace(/"/g, "&quot;"));
      expect(res.text).not.toContain("Pr0vider-secret");
    }
    const one = await html(await c.post("/admin/trunk", form({ port: "0" })));
    expect(one.text).toContain('value="sip.provider.example"');
    expect(getTrunk(t.db).host).toBe("");
    expect(listAudit(t.db, { search: "trunk" }).total).toBe(0);
  });

  test("the status fragment tells registered, failing with the last error, and IP mode", async () => {
    await c.post("/admin/trunk", form());
    const status = async () => (await c.get("/admin/trunk/status", { "HX-Request": "true" })).text();
    expect(await status()).toContain('data-state="sip_off"');
    const at = t.clock.now();
    t.db
      .update(sipTrunk)
      .set({ statusState: "registered", statusDetail: "", statusAt: at, statusUntil: at + 600_000 })
      .run();
    const registered = await status();
    expect(registered).toContain("Registered</span>");
    expect(registered).toContain('hx-trigger="every 5s"');
    t.clock.advance(600_000);
    expect(await status()).toContain("the registration ran out without being renewed");
    t.db.update(sipTrunk).set({ statusState: "failing", statusDetail: "403 Forbidden", statusAt: t.clock.now(), statusUntil: null }).run();
    expect(await status()).toContain("Last error at 2026-01-05 09:10:00 UTC: 403 Forbidden.");
    await c.post("/admin/trunk", form({ authMode: "ip", allowList: "192.0.2.10" }));
    expect(await status()).toContain("Calls are accepted from 192.0.2.10.");
  });
});

describe("inbound routes on the trunk page", () => {
  const addQueue = (name: string, channel: "voice" | "chat") => {
    const id = newId();
    t.db.insert(queues).values({ id, name, channel, createdAt: 0, updatedAt: 0 }).run();
    return id;
  };

  test("add, edit and delete a route; each is audited; only voice queues and agents with extensions are offered", async () => {
    const sales = addQueue("Sales", "voice");
    addQueue("Web help", "chat");
    const ada = await addUser(t.db, "ada");
    t.db.update(users).set({ extension: "201" }).where(eq(users.id, ada)).run();
    const page = (await html(await c.get("/admin/trunk"))).text;
    expect(page).toContain(`<option value="queue:${sales}">Sales</option>`);
    expect(page).not.toContain("Web help");
    expect(page).toContain(`<option value="agent:${ada}">ada (extension 201)</option>`);

    const bad = await html(await c.post("/admin/trunk/routes", { did: "12ab", label: "Main", target: "" }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Number (DID) must be digits");
    expect(bad.text).toContain("Send calls to is required");
    expect(bad.text).toContain('value="Main"');

    expect((await c.post("/admin/trunk/routes", { did: "+41 44 123 45 67", label: "Main", target: `queue:${sales}` })).status).toBe(303);
    const dup = await html(await c.post("/admin/trunk/routes", { did: "+41441234567", target: `agent:${ada}` }));
    expect(dup.status).toBe(422);
    expect(dup.text).toContain("+41441234567 already has a route");
    const [route] = listInboundRoutes(t.db);
    expect(route).toMatchObject({ did: "+41441234567", label: "Main", target: { kind: "queue", queueId: sales } });

    const edit = await c.post(`/admin/trunk/routes/${route?.id}`, { did: "+41441234567", label: "Ada direct", target: `agent:${ada}` });
    expect(edit.status).toBe(303);
    expect(listInboundRoutes(t.db)[0]).toMatchObject({ label: "Ada direct", target: { kind: "agent", extension: "201" } });
    expect((await html(await c.get(`/admin/trunk/routes/${route?.id}/delete`))).text).toContain("Delete inbound route +41441234567?");
    expect((await c.post(`/admin/trunk/routes/${route?.id}/delete`)).status).toBe(303);
    expect(listInboundRoutes(t.db)).toEqual([]);
    const actions = listAudit(t.db, { search: "trunk_route" }).rows.map((r) => r.action);
    expect(actions.sort()).toEqual(["trunk_route.created", "trunk_route.deleted", "trunk_route.updated"]);
    expect((await c.get(`/admin/trunk/routes/${route?.id}`)).status).toBe(404);
  });
});

test("hostile input never gets a 5xx: every field with odd values, repeated fields and files", async () => {
  const nasty = ["", " ", "x".repeat(20_000), "\u0000\u0007", "-1", "1e9", "NaN", "<script>", "0/0", "*:*", "queue:", "agent:agent:x"];
  const fields = Object.keys(form()).concat(["did", "label", "target", "passwordClear", "rule19Prefix", "rule25Strip"]);
  for (const value of nasty) {
    const all = Object.fromEntries(fields.map((f) => [f, value]));
    for (const path of ["/admin/trunk", "/admin/trunk/routes", "/admin/trunk/routes/nope", "/admin/trunk/routes/nope/delete"]) {
      const res = await c.post(path, all);
      expect([path, value.slice(0, 10), res.status < 500]).toEqual([path, value.slice(0, 10), true]);
    }
  }
  const repeated = new FormData();
  for (const f of ["host", "port", "did", "target"]) {
    repeated.append(f, "1");
    repeated.append(f, "2");
  }
  repeated.append("username", new Blob(["x"]), "x.txt");
  expect((await c.post("/admin/trunk", repeated)).status).toBe(422);
  expect(listAudit(t.db, { search: "trunk" }).total).toBe(0);
});
