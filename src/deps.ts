import type { CallService } from "./calls/index.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/index.ts";
import type { AppEvents } from "./events.ts";
import type { MailService } from "./integrations/mail/index.ts";
import type { SalesforceService } from "./integrations/salesforce/index.ts";
import type { WebhookService } from "./integrations/webhooks/index.ts";
import type { PhoneRegistry } from "./phone/index.ts";
import type { PresenceService } from "./presence/index.ts";
import type { Routing } from "./routing/index.ts";
import type { Clock, DiskAlarm, EventBus, Logger, Metrics, SseHub } from "./shared/index.ts";
import type { WaitingVisitors } from "./widget/index.ts";

/** What the composition root (appliance.ts) builds and hands to every route module. */
export type AppDeps = {
  config: Config;
  db: Db;
  bus: EventBus<AppEvents>;
  clock: Clock;
  log: Logger;
  /** Failed writes for want of disk space and the free space kept: /healthz and the admin banner read it. */
  disk: DiskAlarm;
  mail: MailService;
  /** Screen-pop and call logs in Salesforce (FEATURES I1); idle until configured. */
  salesforce: SalesforceService;
  /** Signed POSTs of subscribed events (FEATURES I3) through an outbox. */
  webhooks: WebhookService;
  metrics: Metrics;
  presence: PresenceService;
  routing: Routing;
  /** Server-sent events to browsers, by topic. */
  hub: SseHub;
  /** The agents' registered browser phones (FEATURES V1). */
  phones: PhoneRegistry;
  /** The voice channel; null on an appliance built without SIP (route tests). */
  calls: CallService | null;
  /** Widget visitors waiting in a queue whose page may have gone (W8). */
  visitors: WaitingVisitors;
  /** Base URL for links in mails, e.g. https://box:8443 */
  baseUrl: () => string;
};
