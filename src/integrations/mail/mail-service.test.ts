import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { startSmtpServer } from "../../../tests/support/smtp.ts";
import { type Db, migrate, openDb } from "../../db/index.ts";
import { getSettings, saveSettings } from "../../settings/index.ts";
import { createLogger, ManualClock } from "../../shared/index.ts";
import { createMailService, type MailService, outboxCounts, RETRY_DELAYS_MS } from "./index.ts";
import { mailOutbox } from "./schema.ts";

let dir: string;
let db: Db;
let clock: ManualClock;
let logged: { level: string; msg: string }[];
let mail: MailService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sb-mail-"));
  db = openDb(join(dir, "switchboard.db"));
  migrate(db);
  clock = new ManualClock();
  logged = [];
  const log = createLogger("debug", {}, (line) => logged.push(JSON.parse(line)));
  mail = createMailService({ db, clock, log, smtp: () => getSettings(db).smtp });
});

afterEach(() => {
  mail.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const useSmtp = (port: number) =>
  saveSettings(db, { smtp: { host: "127.0.0.1", port, secure: false, user: "", pass: "", from: "center@example.test" } }, clock.now());
const row = (id: string) => db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!;
const welcome = { to: "ann@example.test", subject: "Welcome to the center", text: "Set your password: https://box/x" };

/** A loopback port nothing listens on: connections to it are refused at once. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe("mail outbox", () => {
  test("a queued mail is delivered and marked sent", async () => {
    const smtp = await startSmtpServer();
    try {
      useSmtp(smtp.port);
      mail.start();
      const id = mail.enqueue(db, welcome);
      const got = await smtp.waitFor("ann@example.test", /Welcome/);
      expect(got.text).toContain("Set your password");
      await mail.flush();
      expect(row(id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
      expect(outboxCounts(db)).toEqual({ pending: 0, sent: 1, failed: 0 });
    } finally {
      await smtp.close();
    }
  });

  test("with the SMTP server down the mail stays pending, then goes out once the retry delay has passed", async () => {
    useSmtp(await deadPort());
    const id = mail.enqueue(db, welcome);
    await mail.flush();
    expect(row(id)).toMatchObject({ status: "pending", attempts: 1 });
    expect(row(id).lastError).toMatch(/ECONNREFUSED/);
    expect(logged.some((l) => l.level === "warn" && l.msg === "mail failed, will retry")).toBe(true);

    const smtp = await startSmtpServer();
    try {
      useSmtp(smtp.port);
      await mail.flush(); // not due yet: nothing is tried before the delay
      expect(row(id)).toMatchObject({ status: "pending", attempts: 1 });
      mail.start();
      clock.advance(RETRY_DELAYS_MS[0]! + 30_000); // the poll timer fires and finds the mail due
      await mail.flush();
      await smtp.waitFor("ann@example.test", /Welcome/);
      expect(row(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    } finally {
      await smtp.close();
    }
  });

  test("after the last retry the mail is marked failed and logged as an error", async () => {
    useSmtp(await deadPort());
    const id = mail.enqueue(db, welcome);
    await mail.flush();
    for (const delay of RETRY_DELAYS_MS) {
      expect(row(id).status).toBe("pending");
      clock.advance(delay);
      await mail.flush();
    }
    expect(row(id)).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_MS.length + 1 });
    expect(logged.filter((l) => l.level === "error").map((l) => l.msg)).toEqual(["mail failed for good"]);
    expect(outboxCounts(db).failed).toBe(1);
  });

  test("with SMTP not configured the mail waits with a clear reason and keeps its retries", async () => {
    const id = mail.enqueue(db, welcome);
    for (let i = 0; i < RETRY_DELAYS_MS.length + 2; i++) {
      clock.advance(3_600_000);
      await mail.flush();
    }
    expect(row(id)).toMatchObject({ status: "pending", attempts: 0 });
    expect(row(id).lastError).toMatch(/SMTP is not configured/);
    expect(mail.configured()).toBe(false);
    // The log says so once, not at every pass of the outbox.
    expect(logged.filter((l) => /SMTP is not configured/.test(l.msg))).toHaveLength(1);

    const smtp = await startSmtpServer();
    try {
      useSmtp(smtp.port);
      expect(mail.configured()).toBe(true);
      await mail.flush();
      await smtp.waitFor("ann@example.test", /Welcome/);
      expect(row(id).status).toBe("sent");
    } finally {
      await smtp.close();
    }
  });

  test("more mails than one batch all go out in one flush", async () => {
    const smtp = await startSmtpServer();
    try {
      useSmtp(smtp.port);
      for (let i = 0; i < 25; i++) mail.enqueue(db, { ...welcome, to: `agent${i}@example.test` });
      await mail.flush();
      expect(outboxCounts(db)).toEqual({ pending: 0, sent: 25, failed: 0 });
    } finally {
      await smtp.close();
    }
  });
});
