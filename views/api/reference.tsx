import { Page } from "../layouts/page.tsx";

/**
 * The REST API reference: a shell that /static/api-reference.js fills from the OpenAPI document, so the page
 * always shows exactly the operations the server has. It needs no sign-in and sends no cookie.
 */
export function ApiReferencePage({ specUrl, centerName }: { specUrl: string; centerName: string }) {
  return (
    <Page title="REST API reference" csrf="" centerName={centerName}>
      <div id="api-reference" data-spec={specUrl} class="api-reference">
        <h1>REST API reference</h1>
        <p>
          Every call needs an API token (Admin → API tokens) sent as <code>Authorization: Bearer &lt;token&gt;</code>. The machine-readable
          description is at <a href={specUrl}>{specUrl}</a>.
        </p>
        <p>
          <label for="api-token">Token for trying calls (kept in this page only)</label>
          <input id="api-token" type="password" autocomplete="off" size={60} />
        </p>
        <p id="api-status" role="status">
          Loading the API description…
        </p>
        <div id="api-operations" />
      </div>
      <script src="/static/api-reference.js" defer />
    </Page>
  );
}
