import { FormNotice } from "../components/form.tsx";
import { Page } from "../layouts/page.tsx";

export type ConnectProps = {
  centerName: string;
  /** A link that can start a chat gets the invitation; any other only a message. */
  invite: { name: string; alias: string; department: string } | null;
  message: string | null;
  /** The link's token for the widget: set while it can start a chat or a chat started from it may resume. */
  token: string | null;
};

/**
 * The page a customer's invitation link opens (FEATURES W7): the center's name, who invited them, and the
 * chat widget, which opens straight into the invited chat (static/widget.js reads `data-invite`).
 */
export function ConnectPage(p: ConnectProps) {
  return (
    <Page title="Chat" csrf="" centerName={p.centerName}>
      <section class="narrow card">
        <h1>{`Chat with ${p.centerName}`}</h1>
        {p.invite ? (
          <p>
            {`Hello ${p.invite.name}. ${p.invite.alias} invited you to a chat with ${p.invite.department}. `}
            The chat window opens on this page: press <strong>Start chat</strong> when you are ready.
          </p>
        ) : null}
        <FormNotice message={p.message} />
      </section>
      {p.token ? <script src="/widget.js" data-invite={p.token} async></script> : null}
    </Page>
  );
}
