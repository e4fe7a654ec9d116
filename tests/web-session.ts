/** One browser's worth of HTTP against a real appliance process: a cookie jar, form posts with the CSRF token, the event stream. */
import { SseReader } from "./support/sse-reader.ts";
import { CSRF_COOKIE, CSRF_FIELD } from "../src/http/csrf.ts";
import { start, waitUntil } from "./process-helpers.ts";

const REQUEST_MS = 5_000;

export class WebSession {
  private readonly cookies = new Map<string, string>();
  private readonly streams: AbortController[] = [];

  /** base may change between requests (a restarted appliance on a new port); the cookies stay. */
  constructor(public base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string): Promise<Response> {
    return this.send(path, { method: "GET" });
  }

  /** A plain form post, as a browser without htmx sends it. */
  async post(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ ...fields, [CSRF_FIELD]: this.cookies.get(CSRF_COOKIE) ?? "" });
    return this.send(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  }

  /** Signs in through the login form (the CSRF cookie comes from the first GET). */
  async signIn(username: string, password: string): Promise<void> {
    await (await this.get("/login")).text();
    const res = await this.post("/login", { username, password });
    await res.text();
    if (res.status !== 303) throw new Error(`sign-in of ${username} answered ${res.status}`);
  }

  /** Opens GET /events; the stream is closed by closeStreams() or when the appliance goes away. */
  async events(): Promise<SseReader> {
    const abort = new AbortController();
    this.streams.push(abort);
    const res = await fetch(`${this.base}/events`, { headers: { cookie: this.cookieHeader }, signal: abort.signal });
    if (res.status !== 200) throw new Error(`/events answered ${res.status}`);
    return new SseReader(res);
  }

  closeStreams(): void {
    for (const s of this.streams.splice(0)) s.abort();
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string>), cookie: this.cookieHeader };
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_MS) });
    for (const line of res.headers.getSetCookie()) this.remember(line);
    return res;
  }

  private remember(setCookie: string): void {
    const pair = setCookie.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!value || /;\s*max-age=0/i.test(setCookie)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export type ApplianceProcess = { url: string; pid: number; kill9(): Promise<void>; stop(): Promise<number>; output(): string };

/** `bun src/main.ts serve` on loopback with plain HTTP and the given data folder; waits (bounded) for /healthz. */
export async function serveProcess(dataDir: string, port: number, extra: string[] = []): Promise<ApplianceProcess> {
  const args = ["serve", "--data-dir", dataDir, "--tls", "off", "--http-host", "127.0.0.1", "--http-port", String(port), "--sip-port", "0"];
  const app = start(["bun", "src/main.ts", ...args, "--log-level", "warn", ...extra]);
  const url = `http://127.0.0.1:${port}`;
  const healthy = async () => ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
  try {
    await waitUntil("/healthz", healthy, 15_000, app.output);
  } catch (err) {
    app.proc.kill("SIGKILL");
    throw err;
  }
  return {
    url,
    pid: app.proc.pid,
    output: app.output,
    stop: app.stop,
    async kill9() {
      app.proc.kill("SIGKILL");
      await app.proc.exited;
    },
  };
}
