/** Every table, re-exported for drizzle-kit. Each module owns the tables in its own schema.ts. */
export * from "../audit/schema.ts";
export * from "../auth/schema.ts";
export * from "../chat/conversation-schema.ts";
export * from "../chat/schema.ts";
export * from "../integrations/mail/schema.ts";
export * from "../integrations/salesforce/schema.ts";
export * from "../integrations/webhooks/schema.ts";
export * from "../predefined/schema.ts";
export * from "../presence/schema.ts";
export * from "../reports/schema.ts";
export * from "../routing/interactions-schema.ts";
export * from "../routing/schema.ts";
export * from "../settings/schema.ts";
export * from "../teams/schema.ts";
export * from "../trunk/schema.ts";
export * from "../widget/invite-schema.ts";
