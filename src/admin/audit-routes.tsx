import { Hono } from "hono";
import { AuditLogPage, AuditResults } from "../../views/admin/audit.tsx";
import { auditCsv, auditForExport, listAudit } from "../audit/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { isHtmx } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";

const searchOf = (q: string | undefined) => (q ?? "").trim().slice(0, 100);

/** Admin pages: the audit log, searchable, paged and exportable (FEATURES A9). */
export function auditRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();

  app.get("/", (c) => {
    const search = searchOf(c.req.query("q"));
    const page = Number.parseInt(c.req.query("page") ?? "1", 10);
    const result = listAudit(db, { search, page: Number.isFinite(page) ? page : 1 });
    if (isHtmx(c)) return c.html(<AuditResults result={result} search={search} />);
    const frame = { csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName };
    return c.html(<AuditLogPage {...frame} result={result} search={search} />);
  });

  app.get("/export.csv", (c) => {
    const csv = auditCsv(auditForExport(db, searchOf(c.req.query("q"))));
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    return c.body(`\uFEFF${csv}`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${day}.csv"`,
      "cache-control": "no-store",
    });
  });

  return app;
}
