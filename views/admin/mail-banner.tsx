import type { MailTrouble } from "../../src/integrations/mail/index.ts";

const mails = (n: number) => (n === 1 ? "1 mail" : `${n} mails`);

/** The banner of every admin page while mail is waiting or failed (loaded by the page frame). */
export function MailBanner({ trouble, configured }: { trouble: MailTrouble | null; configured: boolean }) {
  if (!trouble) return <div id="mail-banner"></div>;
  const why = trouble.lastError ? ` (${trouble.lastError})` : "";
  return (
    <div id="mail-banner" class="alert banner" role="status">
      {trouble.waiting && !configured ? (
        <p>
          {mails(trouble.waiting)} waiting: mail is not configured. Welcome mails, password links, invitations and transcripts go out once
          an SMTP server is set in <a href="/admin/settings">Settings → Mail</a>.
        </p>
      ) : null}
      {trouble.waiting && configured ? (
        <p>
          {mails(trouble.waiting)} not delivered yet{why}; they are retried. Check <a href="/admin/settings">Settings → Mail</a> and send a
          test mail.
        </p>
      ) : null}
      {trouble.failed ? (
        <p>
          {mails(trouble.failed)} failed for good in the last 24 hours{trouble.waiting ? "" : why}. Check{" "}
          <a href="/admin/settings">Settings → Mail</a>.
        </p>
      ) : null}
    </div>
  );
}
