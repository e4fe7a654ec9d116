import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkLogin } from "../src/auth/index.ts";
import { COMMANDS } from "../src/cli.ts";
import { SETTINGS } from "../src/config.ts";
import { openDb } from "../src/db/index.ts";
import { cleanEnv, freePort, run, start, waitForOutput } from "./process-helpers.ts";

const root = mkdtempSync(join(tmpdir(), "sb-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `data-${++n}`);
const cli = (args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) =>
  run(["bun", "src/main.ts", ...args], { env: cleanEnv(opts.env), stdin: opts.stdin });

async function canSignIn(dataDir: string, username: string, password: string): Promise<boolean> {
  const db = openDb(join(dataDir, "switchboard.db"));
  try {
    return (await checkLogin(db, { username, password, address: "cli-test" }, { lockoutAfter: 0, now: Date.now() })).username === username;
  } catch {
    return false;
  } finally {
    db.$client.close();
  }
}

describe("switchboard CLI", () => {
  test("--help lists every command and every setting", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(stdout).toContain(`  ${c}`);
    for (const s of SETTINGS) {
      expect(stdout).toContain(`${s.flag} VALUE`);
      expect(stdout).toContain(s.env);
    }
    expect(stdout).toContain("SWITCHBOARD_ADMIN_PASSWORD");
    expect(stdout).toContain("--config FILE");
  });

  test("an unknown command or option exits 2 with a message", async () => {
    const bad = await cli(["frobnicate"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
    const typo = await cli(["migrate", "--data-dri", "x"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option --data-dri");
  });

  test("settings are refused with exit 2: unknown config keys, plain HTTP on a reachable address, an odd RTP range", async () => {
    const file = join(root, "bad.json");
    writeFileSync(file, JSON.stringify({ dataDir: freshDir(), colour: "blue" }));
    const unknown = await cli(["migrate", "--config", file]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, `switchboard: config file ${file}: unknown keys: colour`]);
    const open = await cli(["--tls", "off", "--http-host", "0.0.0.0", "--data-dir", freshDir()]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("plain HTTP is only allowed on a loopback address");
    const odd = await cli(["migrate", "--data-dir", freshDir(), "--rtp-ports", "20001-29999"]);
    expect([odd.code, odd.stderr.trim()]).toEqual([
      2,
      "switchboard: --rtp-ports must start on an even port: RTP is even, RTCP the odd port above (got 20001)",
    ]);
  });

  test("migrate is idempotent: the second run says the database is up to date", async () => {
    const dataDir = freshDir();
    const first = await cli(["migrate", "--data-dir", dataDir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("applied: 0000_init");
    const second = await cli(["migrate"], { env: { SWITCHBOARD_DATA_DIR: dataDir } });
    expect([second.code, second.stdout.trim()]).toEqual([0, "database is up to date"]);
  });

  test("create-admin takes the password from the environment or from standard input", async () => {
    const dataDir = freshDir();
    const fromEnv = await cli(["create-admin", "--data-dir", dataDir, "--username", "ann"], {
      env: { SWITCHBOARD_ADMIN_PASSWORD: "Env-Secret-77" },
    });
    expect([fromEnv.code, fromEnv.stdout.trim()]).toEqual([0, 'admin "ann" created']);
    const fromStdin = await cli(["create-admin", "--data-dir", dataDir, "--username", "bob"], { stdin: "Stdin-Secret-88\nignored\n" });
    expect(fromStdin.code).toBe(0);
    expect(await canSignIn(dataDir, "ann", "Env-Secret-77")).toBe(true);
    expect(await canSignIn(dataDir, "bob", "Stdin-Secret-88")).toBe(true);
    expect(await canSignIn(dataDir, "bob", "ignored")).toBe(false);
  });

  test("create-admin refuses a password against the policy and a taken username, with a clear message", async () => {
    const dataDir = freshDir();
    const weak = await cli(["create-admin", "--data-dir", dataDir], { stdin: "short\n" });
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe("switchboard: Password must be at least 8 characters.");
    expect(await canSignIn(dataDir, "admin", "short")).toBe(false);
    const env = { SWITCHBOARD_ADMIN_PASSWORD: "Long-Enough-1" };
    expect((await cli(["create-admin", "--data-dir", dataDir], { env })).code).toBe(0);
    const again = await cli(["create-admin", "--data-dir", dataDir], { env });
    expect([again.code, again.stderr.trim()]).toEqual([1, "switchboard: The username admin is taken."]);
  });

  test("backup writes a consistent copy while the database is being written", async () => {
    const dataDir = freshDir();
    expect((await cli(["migrate", "--data-dir", dataDir])).code).toBe(0);
    const live = new Database(join(dataDir, "switchboard.db"));
    live.exec("PRAGMA busy_timeout = 5000");
    const insert = live.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 0)");
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        insert.run(`k${written++}`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(root, "backup.db");
    const result = await cli(["backup", file, "--data-dir", dataDir]);
    writing = false;
    await writer;
    live.close();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`backup written to ${file}`);
    expect(written).toBeGreaterThan(10);
    const copy = new Database(file, { readonly: true });
    expect(copy.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    const tables = copy.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["users", "sessions", "settings", "mail_outbox", "schema_migrations"]),
    );
    copy.close();
    expect((await cli(["backup", file, "--data-dir", dataDir])).stderr).toContain("already exists");
  });

  test("doctor prints its checklist, and exits 1 when the web port is taken", async () => {
    const dataDir = freshDir();
    const args = [
      "doctor",
      "--data-dir",
      dataDir,
      "--http-host",
      "127.0.0.1",
      "--sip-port",
      String(freePort()),
      "--sip-ban-seconds",
      "120",
    ];
    const httpPort = freePort();
    const fine = await cli([...args, "--http-port", String(httpPort)]);
    for (const item of ["data folder", "disk", "database", "web port", "SIP port (TCP)", "SIP port (UDP)", "certificate", "SMTP server"])
      expect(fine.stdout).toMatch(new RegExp(`^(ok|warn) +${item.replace(/[()]/g, "\\$&")}:`, "m"));
    expect(fine.stdout).toContain("SIP trunk: not configured");
    expect(fine.stdout).toMatch(/^ok +single sign-on: off \(Admin → Settings → Single sign-on\)$/m);
    expect(fine.stdout).toMatch(/^ok +time zone: [A-Za-z_/+-]+ \(every time people see; Admin → Settings\)$/m);
    expect(fine.stdout).toMatch(
      /^ok +data retention: chat transcripts and files for ever, report rows for ever \(purged nightly; Admin → Settings\)$/m,
    );
    // No certificate configured: the box will serve a self-signed one, which customers' browsers refuse for the widget.
    expect(fine.stdout).toMatch(
      /^warn +certificate: a self-signed certificate will be made at first start\. Self-signed: customers' browsers will refuse the website chat widget from this box\. Give the box a certificate the public trusts .* --tls-cert and --tls-key/m,
    );
    expect(fine.stdout).toMatch(/^ok +RTP ports: UDP 20000-29999 \(5000 audio streams\); no media address/m);
    expect(fine.stdout).toMatch(/^ok +SIP bans: an address is ignored for 120 s after 10 refused requests or failed logins within 60 s,/m);
    expect(fine.code).toBe(0);

    const squatter = Bun.serve({ hostname: "127.0.0.1", port: httpPort, fetch: () => new Response("busy") });
    try {
      const taken = await cli([...args, "--http-port", String(httpPort)]);
      expect(taken.code).toBe(1);
      expect(taken.stdout).toMatch(new RegExp(`^FAIL +web port: 127\\.0\\.0\\.1:${httpPort} cannot be opened`, "m"));
    } finally {
      squatter.stop(true);
    }
  });

  test("the first serve with SWITCHBOARD_ADMIN_PASSWORD creates admin instead of printing a setup link", async () => {
    const dataDir = freshDir();
    const env = cleanEnv({ SWITCHBOARD_ADMIN_PASSWORD: "First-Run-42" });
    const server = start(["bun", "src/main.ts", "--data-dir", dataDir, "--tls", "off", "--http-port", "0", "--sip-port", "0"], { env });
    try {
      await waitForOutput(server, /"msg":"serving"/);
      expect(server.output()).toContain('created the admin account "admin"');
      expect(server.output()).not.toContain("/setup/");
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(await canSignIn(dataDir, "admin", "First-Run-42")).toBe(true);
  });
});
