import { type Context, Hono } from "hono";
import { TestMailForm, type TestMailResult } from "../../views/admin/settings-mail.tsx";
import { SettingsPage, type SettingsValues, valuesOfSettings } from "../../views/admin/settings.tsx";
import { WidgetTestPage } from "../../views/admin/settings-widget.tsx";
import { certificateKind, TRUSTED_CERT_ADVICE } from "../config.ts";
import type { AppDeps } from "../deps.ts";
import { saveSettingsAudited } from "./settings-save.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { mailStatus } from "../integrations/mail/index.ts";
import { getSettings, plainHttpOrigins, readSettingsForm } from "../settings/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";

type C = Context<AuthedEnv>;
type PageExtra = Partial<Omit<Parameters<typeof SettingsPage>[0], "csrf" | "user" | "centerName" | "saved">>;

/** Admin pages: center settings and attached-data fields (FEATURES A6, A8), with a test mail. */
export function settingsRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const page = (c: C, extra: PageExtra = {}) => {
    const saved = getSettings(db);
    return SettingsPage({
      csrf: c.get("csrfToken"),
      user: c.get("user"),
      centerName: saved.centerName,
      saved,
      values: valuesOfSettings(saved),
      widget: {
        baseUrl: deps.baseUrl(),
        plainOrigins: plainHttpOrigins(saved.widgetOrigins),
        certificate: certificateKind(deps.config),
        advice: TRUSTED_CERT_ADVICE,
      },
      ...extra,
    });
  };

  app.get("/", (c) => c.html(page(c, { notice: c.req.query("saved") ? "Settings saved." : null })));

  app.post("/", async (c) => {
    const body = await formBody(c);
    const user = c.get("user");
    try {
      const next = readSettingsForm(body, getSettings(db));
      const now = clock.now();
      saveSettingsAudited(db, user, next, now);
      return c.redirect("/admin/settings?saved=1", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""])) as SettingsValues;
      return c.html(page(c, { values: { ...values, smtpPass: "" }, errors: err.fields, message: err.message }), 422);
    }
  });

  // The page's own policy: the widget comes from the public URL, which may be another address of this box.
  app.get("/widget-test", (c) => {
    const box = new URL(deps.baseUrl()).origin;
    c.header(
      "content-security-policy",
      `default-src 'self' ${box}; script-src 'self' ${box}; style-src 'self' 'unsafe-inline' ${box}; img-src 'self' data: blob: ${box}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
    );
    return c.html(<WidgetTestPage baseUrl={deps.baseUrl()} centerName={getSettings(db).centerName} />);
  });

  app.post("/test-mail", async (c) => {
    const result = await sendTestMail(deps, await formBody(c));
    const status = result?.errors ? 422 : 200;
    if (isHtmx(c)) return c.html(<TestMailForm csrf={c.get("csrfToken")} result={result} />, status);
    return c.html(page(c, { testMail: result }), status);
  });

  return app;
}

/** Queues a mail to the typed address, delivers the outbox now and reports how this mail fared. */
async function sendTestMail(deps: AppDeps, body: Record<string, unknown>): Promise<TestMailResult> {
  const form = new FormReader(body);
  const to = form.email("testTo", "Send to", true);
  if (Object.keys(form.errors).length) return { ok: false, message: "Enter an address to send to.", to, errors: form.errors };
  const { centerName } = getSettings(deps.db);
  const id = deps.mail.enqueue(deps.db, {
    to,
    subject: `Test mail from ${centerName}`,
    text: `This is a test mail from ${centerName}. If you can read it, outgoing mail works.`,
  });
  // A delivery run already under way may have started before this mail was queued: run once more then.
  await deps.mail.flush();
  if (mailStatus(deps.db, id)?.attempts === 0) await deps.mail.flush();
  const state = mailStatus(deps.db, id);
  if (state?.status === "sent") return { ok: true, message: `Test mail sent to ${to}. Check that mailbox.`, to };
  const why = state?.lastError ?? "not delivered yet";
  return { ok: false, message: `The test mail to ${to} could not be sent: ${why}. It stays in the outbox and will be retried.`, to };
}
