/**
 * openid-client inside the compiled executable: the binary, alone in an empty folder, is set up for single
 * sign-on on its admin page, discovers a real provider on loopback and signs its admin in through it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExecutable, cleanEnv, freePort, loopbackServeArgs, type Running, run, start, waitForOutput } from "../process-helpers.ts";
import { TEST_PASSWORD } from "../support/harness.ts";
import { OIDC_CLIENT, signInAtProvider, startOidcProvider } from "../support/oidc.ts";

const root = mkdtempSync(join(tmpdir(), "sb-sso-binary-"));
const binary = join(root, "switchboard");
let app: Running;
let url: string;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  await buildExecutable(binary);
  const port = freePort();
  url = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider(`${url}/login/sso/callback`, { "admin-at-idp": { preferred_username: "admin" } });
  app = start([binary, ...loopbackServeArgs(join(root, "data"), port)], {
    cwd: root,
    env: cleanEnv({ PATH: "/usr/bin:/bin", SWITCHBOARD_ADMIN_PASSWORD: TEST_PASSWORD }),
  });
  await waitForOutput(app, /created the admin account "admin"/, 60_000);
}, 130_000);
afterAll(async () => {
  await app?.stop();
  await idp?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A cookie jar over fetch, as a browser on the appliance's origin would keep it. */
class Browser {
  readonly jar = new Map<string, string>();
  async go(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${url}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as object), cookie, origin: url },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (eq > 0 && value && !/max-age=0/i.test(line)) this.jar.set(name, value);
      else if (eq > 0) this.jar.delete(name);
    }
    return res;
  }
  post(path: string, fields: Record<string, string>) {
    return this.go(path, { method: "POST", body: new URLSearchParams({ ...fields, _csrf: this.jar.get("sb_csrf") ?? "" }) });
  }
}

test("the executable signs its admin in through the provider", async () => {
  const admin = new Browser();
  await admin.go("/login");
  expect((await admin.post("/login", { username: "admin", password: TEST_PASSWORD })).status).toBe(303);
  const saved = await admin.post("/admin/settings/sso", {
    issuer: idp.issuer,
    clientId: OIDC_CLIENT.id,
    clientSecret: OIDC_CLIENT.secret,
    label: "Example ID",
    matchClaim: "preferred_username",
    allowed_admin: "on",
  });
  expect(saved.status).toBe(303);
  const tested = await (await admin.post("/admin/settings/sso/test", {})).text();
  expect(tested).toContain("Discovery works.");

  const user = new Browser();
  expect(await (await user.go("/login")).text()).toContain("Sign in with Example ID");
  const start = await user.go("/login/sso");
  expect(start.status).toBe(303);
  const back = await signInAtProvider(start.headers.get("location") ?? "", "admin-at-idp", `${url}/login/sso/callback`);
  const done = await user.go(`/login/sso/callback${back.search}`);
  expect(done.status).toBe(303);
  expect(done.headers.get("location")).toBe("/admin/agents");
  expect((await user.go("/admin/agents")).status).toBe(200);

  const doctor = await run([binary, "doctor", "--data-dir", join(root, "data"), "--http-port", String(freePort()), "--sip-port", "0"]);
  expect(doctor.stdout).toMatch(new RegExp(`^ok +single sign-on: Found the provider ${idp.issuer}`, "m"));
}, 60_000);
