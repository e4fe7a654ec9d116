import { afterEach, expect, test } from "bun:test";
import { SETTING_DEFAULTS } from "../../settings/index.ts";
import { type FakeSalesforce, salesforceSettings, startFakeSalesforce } from "../../../tests/support/salesforce.ts";
import { salesforceCheck } from "./index.ts";

let sf: FakeSalesforce | null = null;
afterEach(() => sf?.stop());

test("doctor: Salesforce off, signing in and querying, or the reason it fails", async () => {
  expect(await salesforceCheck(SETTING_DEFAULTS.salesforce)).toEqual({ ok: true, detail: "off (Admin → Settings → Salesforce)" });
  sf = startFakeSalesforce();
  expect(await salesforceCheck(salesforceSettings(sf.url))).toEqual({ ok: true, detail: `signs in and queries Contacts at ${sf.url}` });
  sf.stop();
  sf = startFakeSalesforce({ refuseToken: true });
  const refused = await salesforceCheck(salesforceSettings(sf.url));
  expect(refused.ok).toBe(false);
  expect(refused.detail).toContain("invalid_client");
});
