import { type Context, Hono } from "hono";
import { SalesforcePage, type SalesforceValues, TestConnectionForm } from "../../views/admin/settings-salesforce.tsx";
import type { AppDeps } from "../deps.ts";
import { saveSettingsAudited } from "./settings-save.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { isConfigured, readSalesforceForm, taskCounts } from "../integrations/salesforce/index.ts";
import { getSettings, type SalesforceSettings } from "../settings/index.ts";
import { ValidationError } from "../shared/index.ts";

type C = Context<AuthedEnv>;
type Extra = Partial<Pick<Parameters<typeof SalesforcePage>[0], "values" | "errors" | "message" | "notice" | "test">>;

function valuesOf(s: SalesforceSettings): SalesforceValues {
  const { lookup } = s;
  return {
    loginUrl: s.loginUrl,
    flow: s.flow,
    clientId: s.clientId,
    username: s.username,
    voiceSource: lookup.voice.source,
    voiceField: lookup.voice.field,
    chatSource: lookup.chat.source,
    chatField: lookup.chat.field,
  };
}

/** Admin → Settings → Salesforce (FEATURES I1). */
export function salesforceSettingsRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const page = (c: C, extra: Extra = {}) => {
    const all = getSettings(db);
    const sf = all.salesforce;
    return SalesforcePage({
      csrf: c.get("csrfToken"),
      user: c.get("user"),
      centerName: all.centerName,
      values: valuesOf(sf),
      hasSecret: Boolean(sf.clientSecret),
      hasPassword: Boolean(sf.password),
      configured: isConfigured(sf),
      attachedFields: all.attachedFields,
      tasks: taskCounts(db),
      ...extra,
    });
  };

  app.get("/", (c) => c.html(page(c, { notice: c.req.query("saved") ? "Salesforce settings saved." : null })));

  app.post("/", async (c) => {
    const body = await formBody(c);
    const user = c.get("user");
    const all = getSettings(db);
    try {
      const salesforce = readSalesforceForm(body, all.salesforce, all.attachedFields);
      const now = clock.now();
      saveSettingsAudited(db, user, { salesforce }, now);
      return c.redirect("/admin/settings/salesforce?saved=1", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
      delete values.clientSecret;
      delete values.password;
      return c.html(page(c, { values, errors: err.fields, message: err.message }), 422);
    }
  });

  app.post("/test", async (c) => {
    const configured = deps.salesforce.configured();
    const test = configured
      ? await testConnection(deps)
      : { ok: false, message: "Salesforce is not configured: save a login URL, client id and secret first." };
    if (isHtmx(c)) return c.html(<TestConnectionForm csrf={c.get("csrfToken")} configured={configured} result={test} />);
    return c.html(page(c, { test }));
  });

  return app;
}

async function testConnection(deps: AppDeps): Promise<{ ok: boolean; message: string }> {
  try {
    const instance = await deps.salesforce.test();
    return { ok: true, message: `Signed in and queried Contacts at ${instance}. Salesforce works.` };
  } catch (err) {
    const e = err as { errorCode?: string; name?: string; message?: string };
    const what = `${e.errorCode ?? e.name ?? "Error"}: ${e.message ?? String(err)}`.slice(0, 300);
    return { ok: false, message: `The connection failed: ${what}` };
  }
}
