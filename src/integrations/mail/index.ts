/** Outgoing mail (FEATURES I2): an outbox table delivered over SMTP with retries. */
export { enqueueMail, type OutboxRow, type OutgoingMail, outboxCounts, RETRY_DELAYS_MS } from "./outbox.ts";
export { MAIL_STATUSES } from "./schema.ts";
export { createMailService, type MailService, mailNews } from "./service.ts";
export { type MailStatus, type MailTrouble, mailStatus, mailTrouble } from "./status.ts";
