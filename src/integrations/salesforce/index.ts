/** Salesforce (FEATURES I1): screen-pop of the matching Contact, Create contact, and call/chat logs as Tasks. */
export { API_VERSION, type SfContact, type SfRow } from "./client.ts";
export { taskCounts, type TaskCounts, TASK_RETRY_DELAYS_MS } from "./outbox.ts";
export { readSalesforceForm } from "./form.ts";
export {
  createSalesforceService,
  isConfigured,
  salesforceCheck,
  LOOKUP_CACHE_MS,
  NO_ANSWER,
  type PopResult,
  type SalesforceService,
  SF_TIMEOUT_MS,
} from "./service.ts";
export { FIELD_NAME, soqlString } from "./soql.ts";
