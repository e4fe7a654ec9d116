import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app.ts";
import { createAdmin } from "../../src/auth/index.ts";
import { DEFAULTS, type Config } from "../../src/config.ts";
import { type Db, migrate, openDb } from "../../src/db/index.ts";
import type { AppDeps } from "../../src/deps.ts";
import { createMailService } from "../../src/integrations/mail/index.ts";
import { createSalesforceService } from "../../src/integrations/salesforce/index.ts";
import { createServices } from "../../src/services.ts";
import { getSettings } from "../../src/settings/index.ts";
import { DiskAlarm, inProcessBus, ManualClock, Metrics, silentLogger } from "../../src/shared/index.ts";

export const TEST_PASSWORD = "Correct-Horse-9";

/** A fresh app on a real SQLite file in a temporary folder, with a clock that only moves when told. */
export function makeTestApp(overrides: Partial<Config> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-test-"));
  const config: Config = Object.freeze({ ...DEFAULTS, dataDir, tls: "off", httpHost: "127.0.0.1", ...overrides });
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const clock = new ManualClock();
  const mail = createMailService({ db, clock, log: silentLogger, smtp: () => getSettings(db).smtp });
  const bus = inProcessBus((name, err) => {
    throw new Error(`handler of ${name} failed: ${err}`);
  });
  const services = createServices({ db, bus, clock, log: silentLogger });
  services.start();
  const salesforce = createSalesforceService({ db, clock, log: silentLogger, bus, routing: services.routing });
  salesforce.start();
  const deps: AppDeps = {
    config,
    db,
    clock,
    bus,
    presence: services.presence,
    routing: services.routing,
    hub: services.hub,
    log: silentLogger,
    disk: new DiskAlarm({ dir: dataDir, minFreeBytes: config.minFreeDiskMb * 1048576, clock, log: silentLogger }),
    mail,
    salesforce,
    metrics: new Metrics(),
    baseUrl: () => "http://127.0.0.1:9999",
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    db,
    clock,
    dataDir,
    client: () => new TestClient(app),
    cleanup() {
      services.stop();
      mail.stop();
      salesforce.stop();
      db.$client.close();
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
