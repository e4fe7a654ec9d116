import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; subject: string; text: string };

/** A real SMTP server on loopback that keeps every message it receives. */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          const to = [mail.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? "") : []));
          received.push({ to, subject: mail.subject ?? "", text: mail.text ?? "" });
          for (const w of waiters.splice(0)) w();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    /** Resolves with the first mail to `address` whose subject matches, waiting for it to arrive (bounded). */
    async waitFor(address: string, subject: RegExp, timeoutMs = 10_000): Promise<ReceivedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((m) => m.to.includes(address) && subject.test(m.subject));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no mail to ${address} matching ${subject}; got ${received.map((m) => m.subject).join(", ")}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function linkIn(text: string, path: string): string {
  const m = text.match(new RegExp(`https?://\\S+${path}\\S+`));
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[0];
}
