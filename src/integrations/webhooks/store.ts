import { asc, eq } from "drizzle-orm";
import { recordAudit } from "../../audit/index.ts";
import type { Actor } from "../../audit/index.ts";
import { transaction, type Db } from "../../db/index.ts";
import { isLocalHost } from "../../settings/index.ts";
import { FormReader, NotFound, newId, randomToken, ValidationError } from "../../shared/index.ts";
import { WEBHOOK_EVENTS, type WebhookEvent } from "./events.ts";
import { webhooks } from "./schema.ts";

/** At most this many subscriptions: each event is written once per matching one. */
export const MAX_WEBHOOKS = 20;
/** A webhook turns itself off when this many deliveries in a row were given up on (each after all its retries). */
export const WEBHOOK_AUTO_OFF_AFTER = 5;
const MIN_SECRET = 16;

export type Webhook = Omit<typeof webhooks.$inferSelect, "events"> & { events: WebhookEvent[] };
export type WebhookInput = { url: string; secret: string; events: WebhookEvent[] };

const parse = (row: typeof webhooks.$inferSelect): Webhook => ({ ...row, events: JSON.parse(row.events) as WebhookEvent[] });

/** https:// anywhere, or http:// to this box or a private address (testing); no user, password or fragment. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "URL must be a full address such as https://crm.example.com/hooks/switchboard";
  }
  if (url.username || url.password) return "URL must not carry a user or password: the signature proves the sender";
  if (url.hash) return "URL must not have a #fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLocalHost(url.hostname)) return null;
  return "URL must start with https:// (http:// only for loopback and private addresses)";
}

/** Reads the new-webhook form; an empty secret gets a random one. */
export function readWebhookForm(data: Record<string, unknown>): WebhookInput {
  const form = new FormReader(data);
  const url = form.text("url", { label: "URL", required: true, max: 500 });
  const problem = url && !form.errors.url ? webhookUrlProblem(url) : null;
  if (problem) form.fail("url", problem);
  const typed = form.text("secret", { label: "Secret", max: 200 });
  if (typed && typed.length < MIN_SECRET)
    form.fail("secret", `Secret must be at least ${MIN_SECRET} characters, or empty for a random one`);
  const events = (Object.keys(WEBHOOK_EVENTS) as WebhookEvent[]).filter((e) => form.bool(`event_${e}`));
  if (!events.length) form.fail("events", "Choose at least one event");
  form.done();
  return { url, secret: typed || `whsec_${randomToken()}`, events };
}

export function listWebhooks(db: Db): Webhook[] {
  return db.select().from(webhooks).orderBy(asc(webhooks.createdAt)).all().map(parse);
}

export function getWebhook(db: Db, id: string): Webhook {
  const row = db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  if (!row) throw new NotFound("No such webhook.");
  return parse(row);
}

/** The enabled webhooks subscribed to this event. */
export function webhooksFor(db: Db, event: string): Webhook[] {
  return listWebhooks(db).filter((h) => h.enabled && (h.events as string[]).includes(event));
}

export function createWebhook(db: Db, input: WebhookInput, actor: Actor, now: number): string {
  if (listWebhooks(db).length >= MAX_WEBHOOKS) {
    const message = `There are ${MAX_WEBHOOKS} webhooks already: delete one first.`;
    throw new ValidationError(message, { url: message });
  }
  const id = newId();
  transaction(db, (tx) => {
    tx.insert(webhooks)
      .values({ id, url: input.url, secret: input.secret, events: JSON.stringify(input.events), createdBy: actor.id, createdAt: now })
      .run();
    recordAudit(tx, actor, "webhook.created", { type: "webhook", id }, { url: input.url, events: input.events }, now);
  });
  return id;
}

export function setWebhookEnabled(db: Db, id: string, enabled: boolean, actor: Actor, now: number): void {
  const hook = getWebhook(db, id);
  transaction(db, (tx) => {
    tx.update(webhooks).set({ enabled, offReason: null, failedInARow: 0 }).where(eq(webhooks.id, id)).run();
    recordAudit(tx, actor, enabled ? "webhook.enabled" : "webhook.disabled", { type: "webhook", id }, { url: hook.url }, now);
  });
}

/**
 * Counts a finished delivery: one that arrived clears the count; one given up on adds to it, and the
 * WEBHOOK_AUTO_OFF_AFTER-th in a row turns the webhook off (audited, and shown to admins). True when it did.
 */
export function countDeliveryOutcome(db: Db, id: string, arrived: boolean, now: number): boolean {
  const row = db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  if (!row) return false;
  if (arrived) {
    if (row.failedInARow) db.update(webhooks).set({ failedInARow: 0 }).where(eq(webhooks.id, id)).run();
    return false;
  }
  const failed = row.failedInARow + 1;
  if (failed < WEBHOOK_AUTO_OFF_AFTER || !row.enabled) {
    db.update(webhooks).set({ failedInARow: failed }).where(eq(webhooks.id, id)).run();
    return false;
  }
  const offReason = `${failed} deliveries in a row failed after all their retries`;
  transaction(db, (tx) => {
    tx.update(webhooks).set({ enabled: false, failedInARow: failed, offReason }).where(eq(webhooks.id, id)).run();
    recordAudit(tx, { id: null, name: "system" }, "webhook.disabled", { type: "webhook", id }, { url: row.url, reason: offReason }, now);
  });
  return true;
}

/** Webhooks the box turned off itself, for the admin banner. */
export function webhooksTurnedOff(db: Db): Webhook[] {
  return listWebhooks(db).filter((h) => !h.enabled && h.offReason);
}

/** Deletes the webhook with its delivery log (waiting deliveries included). */
export function deleteWebhook(db: Db, id: string, actor: Actor, now: number): void {
  const hook = getWebhook(db, id);
  transaction(db, (tx) => {
    tx.delete(webhooks).where(eq(webhooks.id, id)).run();
    recordAudit(tx, actor, "webhook.deleted", { type: "webhook", id }, { url: hook.url }, now);
  });
}
