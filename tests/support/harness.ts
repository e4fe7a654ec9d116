import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { type ApplianceOptions, applianceCore, buildAppliance } from "../../src/appliance.ts";
import { createAdmin } from "../../src/auth/index.ts";
import { DEFAULTS, type Config } from "../../src/config.ts";
import { type Db, migrate, openDb } from "../../src/db/index.ts";
import type { AppEvents } from "../../src/events.ts";
import { type EventBus, inProcessBus, ManualClock, silentLogger } from "../../src/shared/index.ts";

export const TEST_PASSWORD = "Correct-Horse-9";

export type TestAppOptions = {
  /** A clock of the test's own (one a SIP endpoint started before the app also runs on). */
  clock?: ManualClock;
  bus?: EventBus<AppEvents>;
  /** Builds the call service the console's voice routes act on (tests/sip/call-rig.ts). */
  calls?: ApplianceOptions["calls"];
};

/**
 * A fresh appliance on a real SQLite file in a temporary folder, with a clock that only moves when told: built
 * by the same composition root as the product, without SIP, the web listener, the mail worker and the purges.
 */
export function makeTestApp(overrides: Partial<Config> = {}, options: TestAppOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-test-"));
  const config: Config = Object.freeze({ ...DEFAULTS, dataDir, tls: "off", httpHost: "127.0.0.1", ...overrides });
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const clock = options.clock ?? new ManualClock();
  const bus =
    options.bus ??
    inProcessBus<AppEvents>((name, err) => {
      throw new Error(`handler of ${name} failed: ${err}`);
    });
  const core = applianceCore(config, db, { clock, bus, log: silentLogger });
  const appliance = buildAppliance(core, { background: false, calls: options.calls, baseUrl: () => "http://127.0.0.1:9999" });
  appliance.start();
  const { deps } = appliance;
  const app = createApp(deps);
  return {
    app,
    deps,
    db,
    clock,
    dataDir,
    appliance,
    client: () => new TestClient(app),
    /** Stops the appliance (the database last) and removes its folder. */
    cleanup() {
      void appliance.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestApp = ReturnType<typeof makeTestApp>;

export async function seedAdmin(db: Db, username = "boss", now = Date.now()): Promise<string> {
  return createAdmin(db, { username, fullName: "The Boss", email: `${username}@example.test`, password: TEST_PASSWORD }, now);
}

type Fetcher = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/** A browser-like client for app.request(): keeps cookies, sends the CSRF token and a same-site Origin. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: Fetcher) {}

  get csrf(): string {
    return this.cookies.get("sb_csrf") ?? "";
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: "GET", headers });
  }

  /** POSTs a form; the CSRF token is added unless `_csrf` is given. */
  async post(
    path: string,
    form: Record<string, string | string[] | Blob> | FormData = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    if (!this.csrf) await this.get("/login");
    const body = form instanceof FormData ? form : toForm(form);
    if (!body.has("_csrf")) body.set("_csrf", this.csrf);
    return this.send(path, { method: "POST", body, headers: { origin: "http://localhost", ...headers } });
  }

  async login(username: string, password = TEST_PASSWORD): Promise<Response> {
    const res = await this.post("/login", { username, password });
    if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
    return res;
  }

  private async send(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await this.app.request(`http://localhost${path}`, { ...init, headers: { ...(cookie ? { cookie } : {}), ...init.headers } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

function toForm(fields: Record<string, string | string[] | Blob>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const item of v) fd.append(k, item);
    else fd.append(k, v);
  }
  return fd;
}
