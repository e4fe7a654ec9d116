/** Salesforce (FEATURES I1): screen-pop of the matching Contact, Create contact, and call/chat logs as Tasks. */
export { API_VERSION, type SfContact, type SfRow } from "./client.ts";
export { taskCounts, type TaskCounts, TASK_RETRY_DELAYS_MS } from "./outbox.ts";
export { readSalesforceForm } from "./form.ts";
export { createSalesforceService, LOOKUP_CACHE_MS, type PopResult, type SalesforceService } from "./service.ts";
export { isConfigured, NO_ANSWER, SF_TIMEOUT_MS, salesforceCheck } from "./session.ts";
export { FIELD_NAME, soqlString } from "./soql.ts";
export type { SalesforceEvents } from "./events.ts";
