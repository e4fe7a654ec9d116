/**
 * FEATURES A2, Q5: guessing passwords is slowed without handing anyone a way to lock others out. Wrong
 * passwords block the typed name from that address for a growing time (never for good), the owner signs in
 * from elsewhere meanwhile, and no answer tells by its time or words whether a name exists or in what state
 * its account is. Requests come from several loopback addresses (127.0.0.x) as from different machines.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { request } from "node:http";
import { eq } from "drizzle-orm";
import { users } from "../../src/auth/schema.ts";
import { mailOutbox } from "../../src/integrations/mail/schema.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { insertUser, startTestAppliance } from "../support/browser.ts";

setDefaultTimeout(60_000);
const PASSWORD = "Sturdy-Pass-31";
let app: Awaited<ReturnType<typeof startTestAppliance>>;

beforeEach(async () => {
  app = await startTestAppliance();
  saveSettings(app.deps.db, { lockoutAfter: 3 }, app.clock.now());
  const now = app.clock.now();
  await insertUser(app.deps.db, {
    username: "admin",
    fullName: "The Admin",
    role: "admin",
    password: PASSWORD,
    email: "admin@example.test",
    now,
  });
});
afterEach(() => app.cleanup());

type Answer = { status: number; text: string; ms: number };

/** A browser on another machine: its own source address, cookie jar and CSRF token. */
class Machine {
  private cookies = new Map<string, string>();
  constructor(private readonly address: string) {}

  async signIn(username: string, password: string): Promise<Answer> {
    return this.form("/login", { username, password });
  }

  async form(path: string, fields: Record<string, string>): Promise<Answer> {
    if (!this.cookies.has("sb_csrf")) await this.send("GET", path);
    const body = new URLSearchParams({ ...fields, _csrf: this.cookies.get("sb_csrf") ?? "" }).toString();
    return this.send("POST", path, body);
  }

  private send(method: string, path: string, body?: string): Promise<Answer> {
    const url = new URL(app.url);
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), origin: app.url };
    if (body) headers["content-type"] = "application/x-www-form-urlencoded";
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, headers, localAddress: this.address }, (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => {
          for (const line of res.headers["set-cookie"] ?? []) {
            const [pair = ""] = line.split(";");
            const at = pair.indexOf("=");
            if (at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
          }
          resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - started });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}

const alertOf = (a: Answer) => a.text.match(/role="alert"[^>]*>([^<]*)</)?.[1]?.trim() ?? "";
const mainOf = (a: Answer) => a.text.match(/<main[\s\S]*<\/main>/)?.[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

test("guesses from one address never keep the admin out from another; the block grows and ends by itself", async () => {
  const attacker = new Machine("127.0.0.2");
  for (let i = 0; i < 2; i++) expect((await attacker.signIn("admin", `guess-${i}-wrong`)).status).toBe(401);
  const third = await attacker.signIn("admin", "guess-3-wrong");
  expect(third.status).toBe(429);
  expect(alertOf(third)).toContain("Try again in 1 minute");
  expect((await attacker.signIn("admin", PASSWORD)).status).toBe(429);

  // The admin at their own desk is not kept out, and the account is not locked.
  expect((await new Machine("127.0.0.3").signIn("admin", PASSWORD)).status).toBe(303);
  expect(app.deps.db.select().from(users).where(eq(users.username, "admin")).get()?.locked).toBe(false);

  // Each failure after a block doubles the next one; then it ends without anyone's help.
  app.clock.advance(61_000);
  expect(alertOf(await attacker.signIn("admin", "guess-4-wrong"))).toContain("Try again in 2 minutes");
  app.clock.advance(121_000);
  expect((await attacker.signIn("admin", PASSWORD)).status).toBe(303);
});

test("a sign-in answer takes the same time and says the same whatever the account's state", async () => {
  const { db } = app.deps;
  const now = app.clock.now();
  await insertUser(db, { username: "dora", fullName: "Dora Disabled", password: PASSWORD, now });
  await insertUser(db, { username: "lena", fullName: "Lena Locked", password: PASSWORD, locked: true, now });
  db.update(users).set({ disabled: true }).where(eq(users.username, "dora")).run();
  const blocked = new Machine("127.0.0.5");
  for (let i = 0; i < 3; i++) await blocked.signIn("admin", `guess-${i}-wrong`);
  const cases: Record<string, (i: number) => Promise<Answer>> = {
    "unknown name": (i) => new Machine("127.0.0.6").signIn(`nobody${i}`, "guess-wrong"),
    "wrong password": (i) => new Machine(`127.0.0.${10 + i}`).signIn("admin", "guess-wrong"),
    "disabled account": (i) => new Machine(`127.0.0.${20 + i}`).signIn("dora", "guess-wrong"),
    "locked account": (i) => new Machine(`127.0.0.${30 + i}`).signIn("lena", "guess-wrong"),
    "blocked name": () => blocked.signIn("admin", "guess-wrong"),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const words = new Set<string>();
  for (let i = 0; i < 5; i++)
    for (const [name, attempt] of Object.entries(cases)) {
      const answer = await attempt(i);
      times[name]?.push(answer.ms);
      if (name !== "blocked name") words.add(`${answer.status} ${alertOf(answer)}`);
    }
  const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const slowest = Math.max(...Object.values(medians));
  // One argon2 verify each: generous against a busy machine, far from the 50 times of an answer that skips it.
  for (const [name, ms] of Object.entries(medians)) expect({ name, ratio: slowest / ms < 3 }).toEqual({ name, ratio: true });
  // Unknown, wrong, disabled and locked all read "wrong username or password".
  expect([...words]).toEqual(["401 Wrong username or password."]);
});

test("an unknown name is blocked just like a known one: the block does not tell which names exist", async () => {
  const attacker = new Machine("127.0.0.2");
  const known: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < 4; i++) {
    const k = await attacker.signIn("admin", "guess-wrong");
    const u = await attacker.signIn("nobody", "guess-wrong");
    known.push(`${k.status} ${alertOf(k)}`);
    unknown.push(`${u.status} ${alertOf(u)}`);
  }
  expect(unknown).toEqual(known);
  expect(known.at(-1)).toStartWith("429 Too many failed sign-ins");
});

test("asking for a reset link answers as fast for an address with accounts as for one without", async () => {
  const { db } = app.deps;
  // A hundred accounts share one address: making and queueing their links is real work the answer must not wait for.
  for (let i = 0; i < 100; i++) await insertUser(db, { username: `shared${i}`, email: "shared@example.test", password: PASSWORD });
  const queued = () => db.select().from(mailOutbox).all().length;
  const times = { known: [] as number[], unknown: [] as number[] };
  // The first of each warms the page up; nine more of each are measured.
  for (let i = 0; i < 10; i++) {
    const before = queued();
    const known = await new Machine(`127.0.1.${i + 1}`).form("/forgot-password", { email: "shared@example.test" });
    expect(known.status).toBe(200);
    if (i) times.known.push(known.ms);
    // The links still go out: wait (bounded) until this request's mails are queued.
    for (let waited = 0; queued() < before + 100; waited++) {
      if (waited > 500) throw new Error("the reset mails were not queued");
      await Bun.sleep(10);
    }
    const unknown = await new Machine(`127.0.2.${i + 1}`).form("/forgot-password", { email: "nobody@example.test" });
    expect(mainOf(unknown)).toBe(mainOf(known));
    if (i) times.unknown.push(unknown.ms);
  }
  // Making a hundred links takes far longer than an answer: generous against a busy machine, still far off.
  expect(median(times.known)).toBeLessThan(median(times.unknown) * 2 + 5);
});
