/**
 * A customer's website for widget tests: a page served by Bun.serve on its own loopback origin that
 * embeds the widget with the one script tag a center pastes, and sets context through the JS API.
 */
export type Website = { origin: string; url: string; stop: () => Promise<void> };

type Options = {
  applianceUrl: string;
  /** Address to bind; the page is visited at `http://${visitAs}:port`. */
  hostname?: string;
  visitAs?: string;
  context?: Record<string, string>;
};

export function startWebsite(opts: Options): Website {
  const hostname = opts.hostname ?? "127.0.0.1";
  const page = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Acme Shoes</title></head><body>",
    "<h1>Acme Shoes</h1><p>Our finest shoes, delivered tomorrow.</p>",
    // Context set before the script loads; the page may also call Switchboard.setContext later.
    `<script>window.Switchboard = { context: ${JSON.stringify(opts.context ?? {})} };</script>`,
    `<script src="${opts.applianceUrl}/widget.js" async></script>`,
    "</body></html>",
  ].join("\n");
  const server = Bun.serve({
    hostname,
    port: 0,
    fetch: () => new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } }),
  });
  const origin = `http://${opts.visitAs ?? hostname}:${server.port}`;
  return { origin, url: `${origin}/`, stop: () => server.stop(true) };
}
