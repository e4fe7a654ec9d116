import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { createSession } from "../../src/auth/index.ts";
import { users } from "../../src/auth/schema.ts";
import { makePng } from "../support/browser.ts";
import { makeTestApp, seedAdmin, type TestApp, type TestClient } from "../support/harness.ts";
import { crawl, type FoundForm, type FormField, shapeOf } from "./form-discovery.ts";

setDefaultTimeout(90_000);
const ROUNDS = 30;
const SEEDS = ["/admin/agents", "/admin/teams", "/admin/queues", "/admin/predefined", "/admin/settings", "/admin/audit", "/profile"];
const WITHIN = /^\/(admin|profile)(\/|\?|$)/;
const NASTY = [
  "",
  " ",
  "x".repeat(10_000),
  "Zoë Ωmega 日本語 🙂 \u202Eevil\u200b",
  "\u0000\u0001\u0007\b\u001b[2J\r\n\t",
  "-1",
  "-2147483649",
  "99999999999999999999",
  "1e309",
  "NaN",
  "3.5",
  "0x10",
  "<script>window.__xss=1</script>",
  "'; DROP TABLE users; --",
  "../../etc/passwd",
  "%00%ff",
  "null",
  "[]",
];

let t: TestApp;
let client: TestClient;
let adminId: string;
const covered: string[] = [];

/** mulberry32: a small seeded generator so a failing round can be replayed. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20260105);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const noise = () => Array.from({ length: Math.floor(random() * 300) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join("");

function oneValue(field: FormField): string | Blob {
  if (field.type === "file") return new File([pick(["<svg/>", noise(), "\x89PNG\r\n\x1a\n"])], pick(["a.png", "b.jpg", "c.svg", ""]));
  const r = random();
  if (r < 0.6) return pick(NASTY);
  if (r < 0.75) return field.options.length ? pick(field.options) : field.value;
  return noise();
}

/** Random values for every field: sometimes missing, sometimes repeated. */
function fuzzedBody(form: FoundForm): FormData {
  const body = new FormData();
  for (const field of form.fields) {
    if (field.name === "_csrf" || random() < 0.1) continue;
    const count = random() < 0.15 ? 2 + Math.floor(random() * 2) : 1;
    for (let i = 0; i < count; i++) body.append(field.name, oneValue(field));
  }
  return body;
}

/** Plausible values, so that create forms make the rows whose edit pages are fuzzed next. */
function plausibleBody(form: FoundForm, n: number): FormData {
  const body = new FormData();
  for (const f of form.fields) {
    if (f.name === "_csrf") continue;
    if (f.type === "file") body.append(f.name, new File([new Uint8Array(makePng(8, 8))], "seed.png", { type: "image/png" }));
    else if (f.type === "select") body.append(f.name, f.options.find(Boolean) ?? "");
    else if (f.type === "password") body.append(f.name, "Seed-Pass-123!");
    else if (f.type === "email" || /email/i.test(f.name)) body.append(f.name, `seed${n}@example.test`);
    else if (f.value || ["hidden", "checkbox", "radio", "number"].includes(f.type)) body.append(f.name, f.value || "1");
    else body.append(f.name, `seed_${n}`);
  }
  return body;
}

/** Fuzzing may rename, demote or lock the admin itself: put it back and sign in afresh. */
async function reauth() {
  const gone = !t.db.select({ id: users.id }).from(users).where(eq(users.id, adminId)).get();
  if (gone) adminId = await seedAdmin(t.db, `boss${covered.length}`);
  t.db.update(users).set({ role: "admin", disabled: false, locked: false }).where(eq(users.id, adminId)).run();
  client.cookies.set("sb_session", createSession(t.db, adminId, t.clock.now(), 3600_000));
}

const DESTRUCTIVE = /delete|remove/;
const keyOf = (form: FoundForm) => `${shapeOf(form.action)} ${form.fields.map((f) => f.name).join(",")}`;

async function allForms(): Promise<{ forms: FoundForm[]; pages: string[] }> {
  const pages = await crawl(client, SEEDS, WITHIN);
  const byShape = new Map<string, FoundForm>();
  for (const form of pages.flatMap((p) => p.parts.forms)) {
    if (form.action === "/logout") continue;
    if (!byShape.has(keyOf(form))) byShape.set(keyOf(form), form);
  }
  // Deleting forms go last so they do not remove the rows the others edit.
  const destructive = (f: FoundForm) => Number(DESTRUCTIVE.test(f.action));
  const forms = [...byShape.values()].sort((a, b) => destructive(a) - destructive(b));
  return { forms, pages: pages.map((p) => p.path) };
}

beforeAll(async () => {
  t = makeTestApp();
  adminId = await seedAdmin(t.db);
  client = t.client();
  await client.login("boss");
});
afterAll(() => {
  console.log(`forms fuzzed (${covered.length}):\n  ${covered.join("\n  ")}`);
  t.cleanup();
});

test(`every admin and profile form survives ${ROUNDS} rounds of random input without a 5xx`, async () => {
  // Plausible submissions first, in rounds: a row made in one round shows the forms of the next (members, unlock…).
  const seeded = new Set<string>();
  for (let pass = 0; pass < 3; pass++) {
    for (const form of (await allForms()).forms) {
      if (DESTRUCTIVE.test(form.action) || seeded.has(keyOf(form))) continue;
      seeded.add(keyOf(form));
      await client.post(form.action, plausibleBody(form, seeded.size));
    }
  }
  const { forms } = await allForms();
  expect(forms.map((f) => shapeOf(f.action))).toContain("/admin/teams");
  const failures: string[] = [];
  for (const form of forms) {
    covered.push(`${shapeOf(form.action)} [${form.fields.map((f) => f.name).join(", ")}]`);
    for (let round = 0; round < ROUNDS; round++) {
      const res = await client.post(form.action, fuzzedBody(form), { accept: pick(["text/html", "*/*"]) });
      if (res.status >= 500) failures.push(`${form.action} round ${round}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
    await reauth();
  }
  expect(failures).toEqual([]);
});

test("every admin and profile page answers random query strings without a 5xx", async () => {
  const pages = await crawl(client, SEEDS, WITHIN);
  const failures: string[] = [];
  for (const page of pages) {
    const names = [...new Set([...page.parts.queryNames, "q", "page", "sort", "dir", "per", "id", "channel"])];
    for (let round = 0; round < 5; round++) {
      const query = new URLSearchParams();
      for (const name of names) if (random() < 0.7) query.append(name, String(pick(NASTY)).slice(0, 2000));
      const path = `${page.path.split("?")[0]}?${query}`;
      const res = await client.get(path, { accept: "text/html" });
      if (res.status >= 500) failures.push(`GET ${path.slice(0, 120)}: ${res.status}`);
    }
  }
  expect(pages.length).toBeGreaterThan(3);
  expect(failures).toEqual([]);
});
