import { raw } from "hono/html";
import type { Child } from "hono/jsx";

export type NavUser = { fullName: string; role: "admin" | "supervisor" | "agent"; hasAvatar?: boolean; id: string };

type Props = {
  title: string;
  csrf: string;
  user?: NavUser | null;
  centerName?: string;
  /** The page shows live data of its own from the `/events` stream (every agent's and supervisor's page has it). */
  live?: boolean;
  /** The page places the incoming-work popup (#offers) itself. */
  ownOffers?: boolean;
  children: Child;
};

const HTMX_CONFIG = JSON.stringify({
  // Validation errors (422) re-render the form; other errors are not swapped.
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true },
    { code: "[45]..", swap: false, error: true },
  ],
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
});

/** The frame of every signed-in and public page. */
export function Page({ title, csrf, user, centerName = "Switchboard", live, ownOffers, children }: Props) {
  // Work can be offered to agents and supervisors wherever they are (FEATURES C3), so their pages all hold the stream.
  const stream = Boolean(user && (live || user.role !== "admin"));
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* The no-referrer header makes Chromium send "Origin: null" on same-site POSTs, which the CSRF check refuses. */}
          <meta name="referrer" content="same-origin" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <meta name="csrf-token" content={csrf} />
          <title>{`${title} · ${centerName}`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/app.js" defer></script>
          {stream ? <script src="/static/htmx-sse.js" defer></script> : null}
          {stream ? <script src="/static/offers.js" defer></script> : null}
        </head>
        <body
          hx-headers={JSON.stringify({ "X-CSRF-Token": csrf })}
          hx-ext={stream ? "sse" : undefined}
          sse-connect={stream ? "/events" : undefined}
        >
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <span class="brand">{centerName}</span>
            {user ? <Nav user={user} csrf={csrf} /> : null}
          </header>
          {user?.role === "admin" ? <div id="mail-banner" hx-get="/admin/mail-banner" hx-trigger="load" hx-swap="outerHTML"></div> : null}
          {user?.role === "admin" ? (
            <div id="webhook-banner" hx-get="/admin/webhooks/banner" hx-trigger="load" hx-swap="outerHTML"></div>
          ) : null}
          <div id="flash" role="status" aria-live="polite"></div>
          <main id="main">{children}</main>
          {stream && !ownOffers ? <section id="offers" sse-swap="offers" aria-label="Incoming work" aria-live="assertive"></section> : null}
        </body>
      </html>
    </>
  );
}

function Nav({ user, csrf }: { user: NavUser; csrf: string }) {
  const links: [string, string][] = [];
  if (user.role === "admin")
    links.push(
      ["/admin/agents", "Agents"],
      ["/admin/teams", "Teams"],
      ["/admin/queues", "Queues"],
      ["/admin/predefined", "Predefined messages"],
      ["/admin/settings", "Settings"],
      ["/admin/trunk", "SIP trunk"],
      ["/admin/api-tokens", "API tokens"],
      ["/admin/webhooks", "Webhooks"],
      ["/admin/audit", "Audit log"],
    );
  if (user.role !== "admin") links.push(["/console", "Console"]);
  if (user.role !== "agent") links.push(["/supervisor", "Live view"], ["/reports/queues", "Reports"]);
  links.push(["/profile", "Profile"]);
  return (
    <nav aria-label="Main">
      <ul>
        {links.map(([href, label]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
      <span class="who">
        {user.hasAvatar ? <img class="avatar small" src={`/avatars/${user.id}`} alt="" /> : null}
        {user.fullName}
      </span>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="link">
          Sign out
        </button>
      </form>
    </nav>
  );
}
