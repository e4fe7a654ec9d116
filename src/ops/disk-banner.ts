import type { MiddlewareHandler } from "hono";
import { DiskBanner } from "../../views/admin/disk-banner.tsx";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";

const MAIN = '<main id="main">';

/** Puts the disk banner on the admin pages an admin opens while the disk is full or nearly so. */
export function diskBanner(deps: Pick<AppDeps, "disk">): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (c.get("user")?.role !== "admin" || !c.res.headers.get("content-type")?.startsWith("text/html")) return;
    const disk = deps.disk.status();
    if (disk.ok) return;
    const html = await c.res.text();
    const at = html.indexOf(MAIN);
    const banner = String(DiskBanner({ reason: disk.reason }));
    const body = at < 0 ? html : `${html.slice(0, at + MAIN.length)}${banner}${html.slice(at + MAIN.length)}`;
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(body, { status: c.res.status, headers });
  };
}
