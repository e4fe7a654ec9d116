import { Hono } from "hono";
import { type AuditLine, AuditLogPage, AuditResults } from "../../views/admin/audit.tsx";
import { type AuditEntry, auditCsv, auditForExport, describeDetail, describeTarget, listAudit, type NameOf } from "../audit/index.ts";
import { userNames } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { isHtmx } from "../http/request.ts";
import { listQueues } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { formatDateTime } from "../shared/index.ts";
import { listTeams } from "../teams/index.ts";

const searchOf = (q: string | undefined) => (q ?? "").trim().slice(0, 100);

/** Users, teams and queues by id, so the log shows their names (a center has a few hundred at most). */
function namesOf(db: Db): NameOf {
  const names = new Map<string, string>();
  for (const u of userNames(db)) names.set(u.id, u.fullName && u.fullName !== u.username ? `${u.fullName} (${u.username})` : u.username);
  for (const t of listTeams(db)) names.set(t.id, t.name);
  for (const q of listQueues(db)) names.set(q.id, q.name);
  return (id) => names.get(id);
}

/** Admin pages: the audit log, searchable, paged and exportable (FEATURES A9). */
export function auditRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const lines = (rows: AuditEntry[], zone: string): AuditLine[] => {
    const nameOf = namesOf(db);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      when: formatDateTime(r.at, zone),
      who: r.actorName,
      action: r.action,
      target: describeTarget(r, nameOf),
      detail: describeDetail(r.detail, nameOf),
    }));
  };

  app.get("/", (c) => {
    const search = searchOf(c.req.query("q"));
    const page = Number.parseInt(c.req.query("page") ?? "1", 10);
    const { rows, ...result } = listAudit(db, { search, page: Number.isFinite(page) ? page : 1 });
    const settings = getSettings(db);
    const view = { ...result, lines: lines(rows, settings.timeZone), zone: settings.timeZone };
    if (isHtmx(c)) return c.html(<AuditResults result={view} search={search} />);
    const frame = { csrf: c.get("csrfToken"), user: c.get("user"), centerName: settings.centerName };
    return c.html(<AuditLogPage {...frame} result={view} search={search} />);
  });

  app.get("/export.csv", (c) => {
    const zone = getSettings(db).timeZone;
    const csv = auditCsv(auditForExport(db, searchOf(c.req.query("q"))), (ms) => formatDateTime(ms, zone), namesOf(db));
    const day = formatDateTime(clock.now(), zone).slice(0, 10);
    return c.body(`\uFEFF${csv}`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${day}.csv"`,
      "cache-control": "no-store",
    });
  });

  return app;
}
