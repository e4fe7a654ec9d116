import nodemailer from "nodemailer";
import type { Db, Tx } from "../../db/index.ts";
import type { SmtpSettings } from "../../settings/index.ts";
import type { Clock, Logger, TimerHandle } from "../../shared/index.ts";
import { dueMails, enqueueMail, markFailed, markSent, type OutgoingMail } from "./outbox.ts";

export type MailService = {
  /** Queues a mail; pass the transaction of the change it belongs to. Delivery starts right after commit. */
  enqueue(db: Db | Tx, mail: OutgoingMail): string;
  /** Delivers every due mail now; resolves when done (tests await it). */
  flush(): Promise<void>;
  start(): void;
  stop(): void;
};

const POLL_MS = 30_000;

/** Delivers the outbox over SMTP with nodemailer, retrying failures on the clock. */
export function createMailService(opts: { db: Db; clock: Clock; log: Logger; smtp: () => SmtpSettings }): MailService {
  const { db, clock, log } = opts;
  let timer: TimerHandle | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  async function deliverDue() {
    const smtp = opts.smtp();
    for (const row of dueMails(db, clock.now())) {
      if (!smtp.host) {
        const gaveUp = markFailed(db, row, "SMTP is not configured (Admin → Settings)", clock.now());
        log.warn("mail not sent: SMTP not configured", { mailId: row.id, gaveUp });
        continue;
      }
      try {
        await transport(smtp).sendMail({
          from: smtp.from || smtp.user,
          to: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html ?? undefined,
        });
        markSent(db, row.id, clock.now());
        log.info("mail sent", { mailId: row.id, subject: row.subject });
      } catch (err) {
        const gaveUp = markFailed(db, row, (err as Error).message, clock.now());
        log[gaveUp ? "error" : "warn"](gaveUp ? "mail failed for good" : "mail failed, will retry", {
          mailId: row.id,
          error: (err as Error).message,
        });
      }
    }
  }

  function flush(): Promise<void> {
    running ??= deliverDue().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      flush().finally(schedule);
    }, POLL_MS);
  }

  return {
    enqueue(target, mail) {
      const id = enqueueMail(target, mail, clock.now());
      // Deliver right after the caller's transaction commits.
      if (!stopped) queueMicrotask(() => void flush());
      return id;
    },
    flush,
    start() {
      stopped = false;
      void flush();
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
    },
  };
}

function transport(smtp: SmtpSettings) {
  return nodemailer.createTransport({
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
