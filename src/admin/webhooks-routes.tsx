import { type Context, Hono } from "hono";
import { type DeliveryRow, WebhookBanner, WebhookPage, WebhooksPage, type WebhookRow } from "../../views/admin/webhooks.tsx";
import { ConfirmDeletePage } from "../../views/components/confirm-delete.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import {
  createWebhook,
  type Delivery,
  deleteWebhook,
  deliveriesOf,
  getWebhook,
  listWebhooks,
  readWebhookForm,
  setWebhookEnabled,
  WEBHOOK_EVENTS,
  type Webhook,
  webhooksTurnedOff,
} from "../integrations/webhooks/index.ts";
import { getSettings } from "../settings/index.ts";
import { formatDateTime, ValidationError } from "../shared/index.ts";

type C = Context<AuthedEnv>;
type Extra = Partial<Parameters<typeof WebhooksPage>[0]>;

/** Admin → Webhooks: create (the secret is shown once), the delivery log per webhook, test, turn off/on, delete. */
export function webhooksRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const when = (ms: number) => formatDateTime(ms, getSettings(db).timeZone);
  const row = ({ id, url, events, enabled, offReason, createdAt }: Webhook): WebhookRow => {
    return { id, url, events, enabled, offReason, created: when(createdAt) };
  };
  const delivery = (d: Delivery): DeliveryRow => ({
    id: d.id,
    when: when(d.createdAt),
    event: d.event,
    status: d.status === "sent" ? "Delivered" : d.status === "failed" ? "Failed" : d.attempts ? "Retrying" : "Waiting",
    attempts: d.attempts,
    answer: [d.lastStatus === null ? "" : `HTTP ${d.lastStatus}`, d.status === "sent" ? "" : (d.lastError ?? "")]
      .filter(Boolean)
      .join(": "),
    next: d.status === "pending" ? when(d.nextAttemptAt) : "",
  });
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });
  const list = (c: C, extra: Extra = {}) =>
    WebhooksPage({ ...frame(c), hooks: listWebhooks(db).map(row), catalogue: WEBHOOK_EVENTS, ...extra });

  app.get("/", (c) => c.html(list(c)));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const input = readWebhookForm(body);
      createWebhook(db, input, actor(c), clock.now());
      // Rendered, not redirected: the secret must never sit in a URL or a later page.
      c.header("Cache-Control", "no-store");
      return c.html(list(c, { created: { url: input.url, secret: input.secret } }), 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const url = typeof body.url === "string" ? body.url.slice(0, 500) : "";
      const events = Object.keys(WEBHOOK_EVENTS).filter((e) => body[`event_${e}`]);
      return c.html(list(c, { values: { url, events }, errors: err.fields, message: err.message }), 422);
    }
  });

  app.get("/banner", (c) =>
    c.html(<WebhookBanner off={webhooksTurnedOff(db).map((h) => ({ id: h.id, url: h.url, reason: h.offReason ?? "" }))} />),
  );

  app.get("/:id", (c) => {
    const hook = getWebhook(db, c.req.param("id"));
    const notice = c.req.query("sent") ? "Test event queued: it shows below when delivered." : null;
    return c.html(WebhookPage({ ...frame(c), hook: row(hook), deliveries: deliveriesOf(db, hook.id).map(delivery), notice }));
  });

  app.post("/:id/test", async (c) => {
    const hook = getWebhook(db, c.req.param("id"));
    deps.webhooks.sendTest(hook.id, c.get("user").username);
    return c.redirect(`/admin/webhooks/${hook.id}?sent=1`, 303);
  });

  for (const [path, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const)
    app.post(`/:id/${path}`, (c) => {
      setWebhookEnabled(db, c.req.param("id"), enabled, actor(c), clock.now());
      return c.redirect(`/admin/webhooks/${c.req.param("id")}`, 303);
    });

  app.get("/:id/delete", (c) => {
    const hook = getWebhook(db, c.req.param("id"));
    const consequence = "Its delivery log goes with it, and deliveries still waiting are not sent.";
    const page = { ...frame(c), what: `the webhook to ${hook.url}`, action: `/admin/webhooks/${hook.id}/delete`, consequence };
    return c.html(ConfirmDeletePage({ ...page, cancel: `/admin/webhooks/${hook.id}` }));
  });

  app.post("/:id/delete", (c) => {
    deleteWebhook(db, c.req.param("id"), actor(c), clock.now());
    return c.redirect("/admin/webhooks", 303);
  });

  return app;
}
