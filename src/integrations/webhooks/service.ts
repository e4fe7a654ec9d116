import type { ChatEvents } from "../../chat/index.ts";
import type { Db } from "../../db/index.ts";
import type { PresenceEvents } from "../../presence/index.ts";
import type { RoutingEvents } from "../../routing/index.ts";
import type { Clock, EventBus, Logger } from "../../shared/index.ts";
import { oneAtATime, startPeriodic } from "../../shared/index.ts";
import { TEST_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from "./events.ts";
import { type Delivery, dueDeliveries, enqueueDelivery, markAttemptFailed, markDelivered, pruneDeliveries } from "./outbox.ts";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./sign.ts";
import { countDeliveryOutcome, getWebhook, webhooksFor } from "./store.ts";

/** A receiver gets this long to answer one delivery (on the box's clock). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const POLL_MS = 30_000;
const BATCH = 20;

/** The catalogue slice a webhook may follow. */
export type WebhookBus = EventBus<Pick<RoutingEvents & PresenceEvents & ChatEvents, WebhookEvent>>;
type Options = { db: Db; clock: Clock; log: Logger; bus: WebhookBus };
export type WebhookService = ReturnType<typeof createWebhookService>;

/**
 * Webhooks (FEATURES I3): each subscribed bus event is written to the outbox when it is published, then POSTed
 * as signed JSON; failures are retried with growing delays. Passes never overlap.
 */
export function createWebhookService(opts: Options) {
  const { db, clock, log, bus } = opts;
  let stopPolling: (() => void) | null = null;
  let stopped = true;
  let unsubscribe: (() => void)[] = [];

  function record(event: string, data: Record<string, unknown>): void {
    for (const hook of webhooksFor(db, event))
      if (!enqueueDelivery(db, hook.id, event, data, clock.now()))
        log.warn("webhook event dropped: too many waiting", { webhookId: hook.id, event });
    if (!stopped) queueMicrotask(() => void flush());
  }

  /** One POST with a bound on the wait; the answer's status, or why there was none. */
  async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number | null; error: string }> {
    const abort = new AbortController();
    const late = clock.setTimeout(() => abort.abort(), WEBHOOK_TIMEOUT_MS);
    try {
      const res = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: abort.signal });
      await res.body?.cancel();
      return { status: res.status, error: res.ok ? "" : `the receiver answered ${res.status}` };
    } catch (err) {
      const error = abort.signal.aborted ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : String((err as Error).message ?? err);
      return { status: null, error };
    } finally {
      clock.clearTimeout(late);
    }
  }

  async function deliver(row: Delivery): Promise<void> {
    let hook: ReturnType<typeof getWebhook>;
    try {
      hook = getWebhook(db, row.webhookId);
    } catch {
      return;
    }
    if (!hook.enabled) {
      markAttemptFailed(db, row, { status: null, error: "the webhook is turned off" }, clock.now(), true);
      return;
    }
    const timestamp = Math.floor(clock.now() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Switchboard-Webhooks/1",
      "x-switchboard-event": row.event,
      "x-switchboard-delivery": row.id,
      [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
      [SIGNATURE_HEADER.toLowerCase()]: signBody(hook.secret, timestamp, row.body),
    };
    const answer = await post(hook.url, headers, row.body);
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
      markDelivered(db, row, answer.status, clock.now());
      countDeliveryOutcome(db, hook.id, true, clock.now());
      return;
    }
    const gaveUp = markAttemptFailed(db, row, answer, clock.now());
    const details = { webhookId: hook.id, event: row.event, attempts: row.attempts + 1, error: answer.error };
    if (!gaveUp) return log.warn("webhook delivery failed, will retry", details);
    log.warn("webhook delivery failed", details);
    if (countDeliveryOutcome(db, hook.id, false, clock.now()))
      log.error("webhook turned off after repeated failures", { webhookId: hook.id, url: hook.url });
  }

  const flush = oneAtATime(async () => {
    try {
      let due = dueDeliveries(db, clock.now(), BATCH);
      while (due.length) {
        for (const row of due) await deliver(row);
        due = due.length === BATCH ? dueDeliveries(db, clock.now(), BATCH) : [];
      }
      pruneDeliveries(db, clock.now());
    } catch (err) {
      log.error("webhook delivery pass failed", { err });
    }
  });

  return {
    flush,
    /** Queues a test event for one webhook (the admin's Send test event) and starts a pass. */
    sendTest(webhookId: string, by: string): void {
      enqueueDelivery(db, webhookId, TEST_EVENT, { message: "A test event from Switchboard.", sentBy: by }, clock.now());
      if (!stopped) queueMicrotask(() => void flush());
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      unsubscribe = (Object.keys(WEBHOOK_EVENTS) as WebhookEvent[]).map((event) =>
        bus.subscribe(event, (payload) => {
          try {
            record(event, { ...payload });
          } catch (err) {
            log.error("webhook event not queued", { event, err });
          }
        }),
      );
      // Retries fall due while nothing else happens: a pass every POLL_MS picks them up (the first one now).
      stopPolling = startPeriodic({ clock, log }, POLL_MS, "webhook delivery", () => void flush());
    },
    stop(): void {
      stopped = true;
      for (const off of unsubscribe) off();
      unsubscribe = [];
      stopPolling?.();
      stopPolling = null;
    },
  };
}
