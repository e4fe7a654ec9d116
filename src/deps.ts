import type { Config } from "./config.ts";
import type { Db } from "./db/index.ts";
import type { MailService } from "./integrations/mail/index.ts";
import type { Clock, EventBus, Logger, Metrics } from "./shared/index.ts";

/** What main.ts wires together and hands to every route module. */
export type AppDeps = {
  config: Config;
  db: Db;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  mail: MailService;
  metrics: Metrics;
  /** Base URL for links in mails, e.g. https://box:8443 */
  baseUrl: () => string;
};
