import { Page } from "./layouts/page.tsx";

/** A full-page error for non-htmx requests (401/403/404/500). */
export function ErrorPage({ status, message, csrf }: { status: number; message: string; csrf: string }) {
  return (
    <Page title={`Error ${status}`} csrf={csrf}>
      <section class="narrow card">
        <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
        <p role="alert">{message}</p>
        <p>
          <a href="/">Go to the start page</a>
        </p>
      </section>
    </Page>
  );
}
