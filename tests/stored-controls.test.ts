/**
 * "A control that stores a value nothing reads is a stub": every field of the admin, profile and invite forms, as
 * the pages render them, must be read somewhere beyond its own form (its view, routes, form reader, store, schema
 * and tests). The check greps the rest of the code for the stored name; the exceptions below say why each is allowed.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Glob } from "bun";
import { join } from "node:path";
import { crawl, type FoundForm, shapeOf } from "./e2e/form-discovery.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";
import { makeTestApp, seedAdmin, type TestApp } from "./support/harness.ts";
import { signedIn } from "./support/users.ts";

const ROOT = join(import.meta.dir, "..");
const ADMIN_SEEDS = ["/admin/agents", "/admin/teams", "/admin/queues", "/admin/predefined", "/admin/settings", "/admin/trunk", "/profile"];
const AGENT_SEEDS = ["/profile", "/console/invite"];

/** The files that make up the forms themselves: a value only they touch is written and shown, never used. */
const FORM_FILES = [
  /\.test\.tsx?$/,
  /(^|\/)test-kit\.ts$/,
  /^tests\//,
  /^migrations\//,
  /(^|\/)[\w-]*schema\.ts$/,
  /^src\/admin\//,
  /^views\/admin\//,
  /^src\/auth\/(user-form|user-form-values|user-admin|user-csv|profile)\.ts$/,
  /^src\/console\/(profile-routes|invite-routes)\.tsx$/,
  /^views\/console\/(profile|invite)\.tsx$/,
  /^src\/settings\/(settings-form|settings|defaults|checks)\.ts$/,
  /^src\/routing\/(queue-form|queues)\.ts$/,
  /^src\/trunk\/(trunk-form|inbound-route-form|trunk-store)\.ts$/,
  /^src\/widget\/invites\.ts$/,
  /^src\/predefined\/(routes\.tsx|predefined\.ts)$/,
  /^src\/teams\/teams\.ts$/,
];

/** Fields stored under another name than the field's: the name that reading code uses. */
const STORED_AS: Record<string, string> = {
  smtpHost: "smtp",
  smtpPort: "smtp",
  smtpSecure: "smtp",
  smtpUser: "smtp",
  smtpPass: "smtp",
  smtpFrom: "smtp",
  bhEnabled: "businessHours",
  bhClosedTreatment: "businessHours",
  queueIds: "queueMembers",
  teamIds: "teamMembers",
  avatar: "avatars",
  mfa_admin: "mfaRoles",
  mfa_supervisor: "mfaRoles",
  mfa_agent: "mfaRoles",
};
for (let day = 0; day < 7; day++) STORED_AS[`bhDay${day}`] = "businessHours";
for (const role of ["admin", "supervisor", "agent"])
  Object.assign(STORED_AS, { [`allowed_${role}`]: "allowedRoles", [`required_${role}`]: "requiredRoles" });
for (let rule = 0; rule < 10; rule++) for (const part of ["Prefix", "Strip", "Add"]) STORED_AS[`rule${rule}${part}`] = "numberRules";

/** Fields allowed without a reader elsewhere, and why ("* name" is the field on every form). */
const EXCEPTIONS: Record<string, string> = {
  "* _csrf": "the form's CSRF token, checked by the middleware, never stored",
  "* confirm": "a repeat of the new password or a delete confirmation, compared on the spot, never stored",
  "* password": "hashed (users) or used by the SIP digest client (trunk) under its own name; never read back as typed",
  "/profile/password current": "checked against the stored hash, never stored",
  "/admin/agents/bulk action": "which bulk action to run, not stored",
  "/admin/agents/bulk ids": "the selected rows of a bulk action, not stored",
  "/admin/settings/test-mail testTo": "the address of a one-off test mail, not stored",
  "/admin/agents description": "a note about the user for the admins (FEATURES A2), shown on the admin pages by design",
  "/admin/agents/:id description": "a note about the user for the admins (FEATURES A2), shown on the admin pages by design",
  "/admin/teams description": "a note about the team for the admins, shown on the admin pages by design",
  "/admin/teams/:id description": "a note about the team for the admins, shown on the admin pages by design",
  "/admin/trunk/routes label": "the admin's own name for an inbound route, shown in the route list by design",
};

/** Fields whose name is an everyday word elsewhere (a call is muted too): the reader must name their row. */
const READ_AS: Record<string, RegExp> = {
  "/console/invite muted": /\binvit\w*\??\.muted\b/,
  // Stored per channel as lookup.voice / lookup.chat = { source, field }, read as the channel's rule.
  "/admin/settings/salesforce voiceSource": /\brule\.source\b/,
  "/admin/settings/salesforce chatSource": /\brule\.source\b/,
  "/admin/settings/salesforce voiceField": /\brule\.field\b/,
  "/admin/settings/salesforce chatField": /\brule\.field\b/,
};

// A webhook's chosen events (event_<name>), read when an event is published to pick the webhooks it goes to.
const WEBHOOK_EVENT_NAMES = ["queued", "started", "accepted", "transferred", "ended", "wrapped_up"].map((e) => `interaction.${e}`);
for (const event of [...WEBHOOK_EVENT_NAMES, "offer.created", "agent.state_changed", "chat_message.created"])
  READ_AS[`/admin/webhooks event_${event}`] = /\.events as string\[\]\)\.includes\(event\)/;

/** Checkbox groups whose every value is a permission: each must be checked by a permission test somewhere. */
const PERMISSION_FIELDS = new Set(["permissions"]);

let t: TestApp;
let forms: FoundForm[] = [];
/** Each file of the code outside the forms: `text` without comments, `code` also without quoted strings. */
const sources: { path: string; text: string; code: string }[] = [];

/** Source without comments, so a word in a sentence is not taken for a reader. */
const uncommented = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
/** ...and without the text of quoted strings, so a message ("the recording is empty") is not either. */
const unquoted = (text: string) =>
  text
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/`[^`$]*(?:\$(?!\{)[^`$]*|\$\{[^}]*\}[^`$]*)*`/g, (literal) => (literal.match(/\$\{[^}]*\}/g) ?? []).join(" "));
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const word = (name: string) => new RegExp(`(?<![\\w$])(${name}|${snake(name)})(?![\\w$])`);

beforeAll(async () => {
  t = makeTestApp();
  await seedAdmin(t.db);
  const ann = insertUser(t.db, { username: "ann" });
  insertQueue(t.db, { name: "Sales", members: [ann] });
  t.db.$client.run("insert into teams (id, name, created_at) values (?, 'Blue', 0)", [crypto.randomUUID()]);
  const admin = t.client();
  await admin.login("boss");
  const pages = [
    ...(await crawl(admin, ADMIN_SEEDS, /^\/(admin|profile)(\/|\?|$)/, 200)),
    ...(await crawl(signedIn(t, ann), AGENT_SEEDS, /^\/(profile|console\/invite)(\/|\?|$)/, 20)),
  ];
  forms = pages.flatMap((p) => p.parts.forms).filter((f) => f.action !== "/logout");
  for (const dir of ["src", "views", "static"])
    for await (const path of new Glob(`${dir}/**/*.{ts,tsx,js}`).scan(ROOT)) {
      if (FORM_FILES.some((pattern) => pattern.test(path))) continue;
      const text = uncommented(await Bun.file(join(ROOT, path)).text());
      sources.push({ path, text, code: unquoted(text) });
    }
});
afterAll(() => t.cleanup());

/** Every form field no code outside the forms reads, as "form field" (or "form field=value" for permissions). */
function unreadFields(found: FoundForm[]): string[] {
  const unread = new Set<string>();
  for (const form of found)
    for (const field of form.fields) {
      const key = `${shapeOf(form.action)} ${field.name}`;
      if (EXCEPTIONS[key] || EXCEPTIONS[`* ${field.name}`]) continue;
      if (PERMISSION_FIELDS.has(field.name)) {
        for (const value of field.options) {
          const check = new RegExp(`(hasPermission\\([^)]*|requirePermission\\(|permission: )"${value}"`);
          if (!sources.some((s) => check.test(s.text))) unread.add(`${key}=${value}`);
        }
        continue;
      }
      const reader = READ_AS[key] ?? word(STORED_AS[field.name] ?? field.name);
      if (!sources.some((s) => reader.test(s.code))) unread.add(key);
    }
  return [...unread].sort();
}

test("the crawl reaches the forms it checks", () => {
  const actions = new Set(forms.map((f) => shapeOf(f.action)));
  for (const action of ["/admin/agents/:id", "/admin/queues/:id", "/admin/settings", "/admin/trunk", "/profile", "/console/invite"])
    expect(actions).toContain(action);
  expect(sources.length).toBeGreaterThan(100);
});

test("every stored field of the admin, profile and invite forms is read by something besides its form", () => {
  expect(unreadFields(forms)).toEqual([]);
});

test("the check finds a field only its form reads, and a permission nothing checks", () => {
  const stub: FoundForm = {
    page: "/admin/x",
    action: "/admin/x",
    fields: [
      { name: "recordEverythingTwice", type: "checkbox", value: "", options: [""] },
      { name: "permissions", type: "checkbox", value: "downloads", options: ["downloads", "teleport"] },
    ],
  };
  expect(unreadFields([stub])).toEqual(["/admin/x permissions=teleport", "/admin/x recordEverythingTwice"]);
});

test("every exception is still needed: it names a field some form has", () => {
  const present = new Set(forms.flatMap((f) => f.fields.flatMap((x) => [`${shapeOf(f.action)} ${x.name}`, `* ${x.name}`])));
  expect(Object.keys(EXCEPTIONS).filter((k) => !present.has(k))).toEqual([]);
});
