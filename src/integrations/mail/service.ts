import type { Transporter } from "nodemailer";
import type { Db, Tx } from "../../db/index.ts";
import type { SmtpSettings } from "../../settings/index.ts";
import { type Clock, type Logger, oneAtATime, type TimerHandle } from "../../shared/index.ts";
import { dueMails, enqueueMail, markFailed, markDueWaiting, markSent, type OutboxRow, type OutgoingMail } from "./outbox.ts";

export type MailService = {
  /** Queues a mail; pass the transaction of the change it belongs to. Delivery starts right after commit. */
  enqueue(db: Db | Tx, mail: OutgoingMail): string;
  /** Delivers every due mail now; resolves when done (tests await it). */
  flush(): Promise<void>;
  /** Whether an SMTP server is set: without one, mail only waits in the outbox, and people are told so. */
  configured(): boolean;
  start(): void;
  stop(): void;
};

/** How often the outbox is looked at for retries that came due. */
export const POLL_MS = 30_000;
export const NOT_CONFIGURED = "SMTP is not configured (Admin → Settings): the mail waits until it is";

type Options = { db: Db; clock: Clock; log: Logger; smtp: () => SmtpSettings };

/** Delivers the outbox over SMTP with nodemailer, retrying failures on the clock. */
export function createMailService(opts: Options): MailService {
  const { clock, log } = opts;
  let timer: TimerHandle | null = null;
  let stopped = true;
  // Said once when mail starts waiting for SMTP settings, not at every pass of the outbox.
  const unconfigured = { warned: false };

  /** One pass at a time; a flush asked for during a pass runs another pass right after it. */
  const flush = oneAtATime(() => deliverDue(opts, unconfigured).catch((err) => log.error("mail delivery pass failed", { err })));

  function schedule() {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = null;
      void flush().finally(schedule);
    }, POLL_MS);
  }

  return {
    enqueue(target, mail) {
      const id = enqueueMail(target, mail, clock.now());
      // Deliver right after the caller's (synchronous) transaction commits.
      if (!stopped) queueMicrotask(() => void flush());
      return id;
    },
    flush,
    configured: () => Boolean(opts.smtp().host),
    start() {
      if (!stopped) return;
      stopped = false;
      void flush();
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
      timer = null;
    },
  };
}

/** What became of a mail just queued, for the person who asked for it: on its way, or waiting for SMTP settings. */
export function mailNews(mail: Pick<MailService, "configured">, what: string): string {
  return mail.configured() ? `${what} is on its way.` : `${what} is queued: mail is not configured, so it goes out once it is.`;
}

const BATCH = 20;

async function deliverDue({ db, clock, log, smtp: readSmtp }: Options, unconfigured: { warned: boolean }): Promise<void> {
  for (;;) {
    const batch = dueMails(db, clock.now(), BATCH);
    if (!batch.length) return;
    const smtp = readSmtp();
    if (!smtp.host) {
      // Not an attempt: nothing was tried, so the mail must not use up its retries.
      const pending = markDueWaiting(db, NOT_CONFIGURED, clock.now());
      if (!unconfigured.warned) log.warn("mail waiting: SMTP is not configured", { pending });
      unconfigured.warned = true;
      return;
    }
    unconfigured.warned = false;
    // One pooled connection per batch: opening one per mail costs a handshake each.
    const sender = await transport(smtp);
    try {
      for (const row of batch) await deliverOne(db, clock, log, sender, smtp, row);
    } finally {
      sender.close();
    }
    if (batch.length < BATCH) return;
  }
}

type Sender = Transporter;

async function deliverOne(db: Db, clock: Clock, log: Logger, sender: Sender, smtp: SmtpSettings, row: OutboxRow): Promise<void> {
  try {
    await sender.sendMail({
      from: smtp.from || smtp.user || "switchboard@localhost",
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html ?? undefined,
    });
    markSent(db, row.id, clock.now());
    log.info("mail sent", { mailId: row.id, subject: row.subject });
  } catch (err) {
    const error = (err as Error).message;
    const gaveUp = markFailed(db, row, error, clock.now());
    if (gaveUp) log.error("mail failed for good", { mailId: row.id, to: row.to, subject: row.subject, attempts: row.attempts + 1, error });
    else log.warn("mail failed, will retry", { mailId: row.id, attempts: row.attempts + 1, error });
  }
}

/** nodemailer (and the node:http/net/tls/zlib it pulls in) loads on first use, not at every start (FEATURES P5). */
async function transport(smtp: SmtpSettings): Promise<Transporter> {
  const { default: nodemailer } = await import("nodemailer");
  return nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    // Appliances often talk to an internal relay with a private certificate.
    tls: { rejectUnauthorized: false },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}
