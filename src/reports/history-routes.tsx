import { asc, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { ForgetConfirmPage, HistoryDetailPage } from "../../views/reports/history-detail.tsx";
import { HistoryPage, type HistoryPageProps } from "../../views/reports/history-page.tsx";
import { hasPermission, requireRole } from "../auth/index.ts";
import { downloadHeaders, getAttachment } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { LIVE_CHANNELS, queuesOfUser } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { Forbidden, formatDateTime, maskAddress, NotFound, toCsv, ValidationError } from "../shared/index.ts";
import { loadHistoryDetail } from "./history-detail.ts";
import { cursorParam, type HistoryFilters, readHistoryQuery, searchParams } from "./history-filters.ts";
import { forgetCustomer, sameCustomer } from "./history-forget.ts";
import { assertInScope, type HistoryScope, historyScopeOf } from "./history-scope.ts";
import { HISTORY_EXPORT_LIMIT, HISTORY_PAGE_SIZE, searchHistory } from "./history-search.ts";
import { historyTable, type Reveal, revealed } from "./history-table.ts";
import { queues, users } from "./read-model.ts";

type C = Context<AuthedEnv>;

/**
 * The interaction history (FEATURES S4): search, detail page, files, CSV, and Forget this customer.
 * Admins read everything; supervisors their teams' agents and departments; agents with the Reports
 * permission (A1) their own interactions. Another's interaction does not exist for a viewer (404).
 */
export function historyRoutes(deps: AppDeps): Hono<Env> {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const scopeOf = (c: C) => historyScopeOf(db, c.get("user"));
  const revealFor = (c: C): Reveal => {
    if (!c.get("user").maskSensitive) return (address) => address;
    const keep = getSettings(db).maskDigits;
    return (address) => maskAddress(address, keep);
  };
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });

  const choices = (c: C, scope: HistoryScope) => {
    const user = c.get("user");
    const qs = scope.all
      ? db.select().from(queues).orderBy(asc(queues.channel), asc(queues.name)).all()
      : user.role === "agent"
        ? queuesOfUser(db, user.id)
        : scope.queueIds.length
          ? db.select().from(queues).where(inArray(queues.id, scope.queueIds)).orderBy(asc(queues.channel), asc(queues.name)).all()
          : [];
    const people = scope.all
      ? db.select({ id: users.id, name: users.fullName }).from(users).orderBy(asc(users.fullName)).all()
      : scope.agentIds.length
        ? db
            .select({ id: users.id, name: users.fullName })
            .from(users)
            .where(inArray(users.id, scope.agentIds))
            .orderBy(asc(users.fullName))
            .all()
        : [];
    return {
      departments: qs.map((q) => [q.id, `${q.name} (${q.channel})`] as const),
      agents: people.map((a) => [a.id, a.name] as const),
      channels: LIVE_CHANNELS.map((ch) => [ch, ch] as const),
      dispositions: getSettings(db).dispositions.map((d) => [d, d] as const),
    };
  };

  /** The search as asked, or the form's error; the agent asked for must be one the viewer may read. */
  const search = (c: C, scope: HistoryScope, agents: readonly (readonly [string, string])[]) => {
    const f = readHistoryQuery(c.req.query(), clock.now(), getSettings(db).timeZone);
    if (f.agentId && !scope.all && !agents.some(([id]) => id === f.agentId))
      throw new Forbidden("That agent is not in your teams: you may not read their interactions.");
    return f;
  };

  app.use("/history", requireRole("agent", "supervisor", "admin"));
  app.use("/history/*", requireRole("agent", "supervisor", "admin"));
  app.use("/history.csv", requireRole("agent", "supervisor", "admin"));

  app.get("/history", (c) => {
    const scope = scopeOf(c);
    const opts = choices(c, scope);
    const zone = getSettings(db).timeZone;
    const q = c.req.query();
    const props: HistoryPageProps = {
      ...frame(c),
      ...opts,
      zone,
      showReportTabs: c.get("user").role !== "agent",
      values: { from: q.from ?? "", to: q.to ?? "", customer: q.customer ?? "", agent: q.agent ?? "", queue: q.queue ?? "" },
      table: null,
      firstHref: null,
      nextHref: null,
      csvHref: "",
      pageSize: HISTORY_PAGE_SIZE,
    };
    Object.assign(props.values, {
      channel: q.channel ?? "",
      disposition: q.disposition ?? "",
      attached: q.attached ?? "",
      text: q.text ?? "",
    });
    let f: HistoryFilters;
    try {
      f = search(c, scope, opts.agents);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(<HistoryPage {...props} errors={err.fields} message={err.message} />, 422);
    }
    const page = searchHistory(db, scope, f);
    const params = searchParams(f);
    props.values = { ...props.values, from: f.fromDate, to: f.toDate };
    props.table = historyTable(page.rows, zone, revealFor(c));
    props.firstHref = f.after ? `/history?${params}` : null;
    props.nextHref = page.next ? `/history?${params}&after=${encodeURIComponent(cursorParam(page.next))}` : null;
    props.csvHref = `/history.csv?${new URLSearchParams([...params, ...(f.after ? [["after", cursorParam(f.after)]] : [])])}`;
    return c.html(<HistoryPage {...props} />);
  });

  // The rows the page shows from the same place on, up to the export's bound.
  app.get("/history.csv", (c) => {
    const scope = scopeOf(c);
    const f = search(c, scope, choices(c, scope).agents);
    const page = searchHistory(db, scope, f, HISTORY_EXPORT_LIMIT);
    const table = historyTable(page.rows, getSettings(db).timeZone, revealFor(c));
    c.header("Content-Disposition", `attachment; filename="history-${f.fromDate}-${f.toDate}.csv"`);
    return c.body(toCsv([table.headers, ...table.rows]), 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  app.get("/history/:id", (c) => {
    const user = c.get("user");
    const id = c.req.param("id");
    assertInScope(db, scopeOf(c), id);
    const zone = getSettings(db).timeZone;
    const detail = loadHistoryDetail(db, id);
    const [customerName, customerAddress] = revealed(detail, revealFor(c));
    return c.html(
      <HistoryDetailPage
        {...frame(c)}
        detail={{ ...detail, customerName, customerAddress }}
        time={(ms) => formatDateTime(ms, zone)}
        zone={zone}
        canDownload={hasPermission(user, "downloads")}
        canForget={user.role === "admin"}
        notice={c.req.query("forgotten") ? "The customer was forgotten: their personal data and transcripts are removed." : null}
      />,
    );
  });

  app.get("/history/:id/files/:file", (c) => {
    const id = c.req.param("id");
    assertInScope(db, scopeOf(c), id);
    if (!hasPermission(c.get("user"), "downloads"))
      throw new Forbidden("Downloading files needs the Downloads permission. An administrator can give it to you.");
    const chat = loadHistoryDetail(db, id).conversation;
    if (!chat) throw new NotFound("No such file.");
    const file = getAttachment(db, chat.id, c.req.param("file"));
    return c.body(new Uint8Array(file.data), 200, downloadHeaders(file));
  });

  app.get("/history/:id/forget", requireRole("admin"), (c) => {
    const id = c.req.param("id");
    assertInScope(db, scopeOf(c), id);
    const [name, address] = revealed(loadHistoryDetail(db, id), revealFor(c));
    const who = name || address || "this customer";
    return c.html(<ForgetConfirmPage {...frame(c)} id={id} who={who} count={sameCustomer(db, id).length} />);
  });

  app.post("/history/:id/forget", requireRole("admin"), (c) => {
    const id = c.req.param("id");
    assertInScope(db, scopeOf(c), id);
    const user = c.get("user");
    forgetCustomer(db, { id: user.id, name: user.fullName }, id, clock.now());
    return c.redirect(`/history/${id}?forgotten=1`, 303);
  });

  return app as unknown as Hono<Env>;
}
