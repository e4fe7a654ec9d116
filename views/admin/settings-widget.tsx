import { html } from "hono/html";
import { Page } from "../layouts/page.tsx";

export type WidgetSetupProps = {
  /** The box's public URL, the address customers' browsers load the widget from. */
  baseUrl: string;
  /** Allowed origins reached over plain HTTP (testing only). */
  plainOrigins: string[];
  certificate: "none" | "self-signed" | "configured";
  /** What to do about an untrusted certificate. */
  advice: string;
};

/** The one tag a center pastes into its website (FEATURES W1). */
export const embedSnippet = (baseUrl: string) => `<script src="${baseUrl}/widget.js" async></script>`;

/** Admin → Settings: the embed snippet to copy, a page to try the widget on, and what would stop it working. */
export function WidgetSetup(p: WidgetSetupProps) {
  return (
    <section class="card" aria-labelledby="widget-h">
      <h2 id="widget-h">Website chat widget</h2>
      <p>Paste this tag into the pages of your website (its address must be listed in "Widget allowed origins" above):</p>
      <pre id="embed-snippet" class="snippet">
        {embedSnippet(p.baseUrl)}
      </pre>
      <p>
        <button type="button" class="secondary" data-copy="embed-snippet">
          Copy the snippet
        </button>{" "}
        <span role="status" data-copied-for="embed-snippet"></span>
      </p>
      <p>
        <a href="/admin/settings/widget-test" target="_blank" rel="noopener">
          Test the widget
        </a>{" "}
        <span class="muted">(a page of this box that loads the widget exactly as a customer's browser does)</span>
      </p>
      {p.certificate === "self-signed" ? (
        <p class="alert" role="note">
          This box uses its own self-signed certificate: customers' browsers will refuse to load the widget from it (agents may accept the
          warning, customers never see one). {p.advice}
        </p>
      ) : null}
      {p.certificate === "none" ? (
        <p class="alert" role="note">
          TLS is off: the widget works only for pages on this machine. {p.advice}
        </p>
      ) : null}
      {p.plainOrigins.length ? (
        <p class="alert" role="note">
          Allowed over plain HTTP, for testing only: {p.plainOrigins.join(", ")}. Customers' websites must use https://.
        </p>
      ) : null}
    </section>
  );
}

/** A page of the box holding the embed snippet as a customer's website would (no sign-in frame, no app script needed). */
export function WidgetTestPage({ baseUrl, centerName }: { baseUrl: string; centerName: string }) {
  return (
    <Page title="Widget test" csrf="" centerName={centerName}>
      <h1>Widget test</h1>
      <p>
        This page holds only the embed snippet. Open the chat button at the bottom right and start a chat as a customer would; an agent who
        is Ready in a chat department gets the offer.
      </p>
      {/* Written as the snippet is, not as JSX would (which moves scripts into the head). */}
      {html`<script src="${baseUrl}/widget.js" async></script>`}
    </Page>
  );
}
