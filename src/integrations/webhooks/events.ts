/** The bus events a webhook may subscribe to, with what each means to the receiver. */
export const WEBHOOK_EVENTS = {
  "interaction.queued": "An interaction waits in a queue",
  "interaction.started": "An agent started an interaction (outbound call, internal work)",
  "offer.created": "An interaction is offered to an agent",
  "interaction.accepted": "An agent accepted an interaction",
  "interaction.transferred": "An interaction was transferred to another queue",
  "interaction.ended": "An interaction ended",
  "interaction.wrapped_up": "An agent sent the wrap-up (disposition and notes)",
  "agent.state_changed": "An agent's state changed (Ready, Not Ready, Busy…)",
  "chat_message.created": "A chat message was sent or received",
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
/** Sent by the admin page's Send test event button only; no subscription needed. */
export const TEST_EVENT = "webhook.test";

export const isWebhookEvent = (name: string): name is WebhookEvent => Object.hasOwn(WEBHOOK_EVENTS, name);
