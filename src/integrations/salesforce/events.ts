/** The events the Salesforce integration publishes, by name, with their payloads. */
export type SalesforceEvents = {
  /** Something the agent should read that is not about a call (a Salesforce log that could not be written). */
  "agent.notice": { agentId: string; message: string; kind: "ok" | "error" };
};
