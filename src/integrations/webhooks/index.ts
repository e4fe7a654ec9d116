/** Webhooks (FEATURES I3): signed JSON POSTs of chosen bus events, through a durable outbox with retries. */
export { isWebhookEvent, TEST_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from "./events.ts";
export {
  type Delivery,
  DELIVERY_LOG_KEEP_MS,
  deliveriesOf,
  MAX_BODY_BYTES,
  MAX_WAITING_PER_WEBHOOK,
  WEBHOOK_RETRY_DELAYS_MS,
} from "./outbox.ts";
export { createWebhookService, WEBHOOK_TIMEOUT_MS, type WebhookService } from "./service.ts";
export { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./sign.ts";
export {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  MAX_WEBHOOKS,
  readWebhookForm,
  setWebhookEnabled,
  type Webhook,
  WEBHOOK_AUTO_OFF_AFTER,
  type WebhookInput,
  webhooksTurnedOff,
  webhookUrlProblem,
} from "./store.ts";
