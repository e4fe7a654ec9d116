import { type Context, Hono } from "hono";
import { AgentsDeleteConfirmPage } from "../../views/admin/agents-confirm.tsx";
import { type Actor, recordAudit } from "../audit/index.ts";
import { deleteUsers, setUsersDisabled, unlockUsers, usersByIds, usersCsv } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { AppError, FormReader, NotFound } from "../shared/index.ts";
import { actorOf, navUser, renderList } from "./agents-render.tsx";

const BULK_ACTIONS = ["export", "disable", "enable", "unlock", "delete"] as const;
const MAX_SELECTED = 1000;
const NO_FILTER = { q: "", role: "", state: "" };

type Who = { actor: Actor; now: number; bulk: true };

function selected(deps: AppDeps, ids: string[]) {
  const list = usersByIds(deps.db, ids);
  if (!list.length) throw new NotFound("None of the selected users exists any more.");
  return list;
}

/** The CSV export of the selected rows: a download, never a page. */
function exportCsv(c: Context<AuthedEnv>, deps: AppDeps, ids: string[], who: Who) {
  const list = selected(deps, ids);
  recordAudit(deps.db, who.actor, "user.exported", { type: "user" }, { count: list.length }, who.now);
  const day = new Date(who.now).toISOString().slice(0, 10);
  return c.body(usersCsv(list), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="agents-${day}.csv"`,
  });
}

function confirmDelete(c: Context<AuthedEnv>, deps: AppDeps, ids: string[]) {
  return c.html(
    <AgentsDeleteConfirmPage
      csrf={c.get("csrfToken")}
      centerName={getSettings(deps.db).centerName}
      user={navUser(deps.db, c.get("user"))}
      targets={selected(deps, ids)}
      action="/admin/agents/bulk"
    />,
  );
}

/** Actions on the rows selected in the list: CSV export, disable, enable, unlock, delete (after a confirmation). */
export function agentBulkRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();

  app.post("/bulk", async (c) => {
    const form = new FormReader(await formBody(c));
    const action = form.oneOf("action", "Action", BULK_ACTIONS);
    const ids = form.list("ids", "Selection", (id) => id.length <= 64, MAX_SELECTED);
    if (!ids.length) form.fail("ids", "Select at least one user first");
    const confirmed = form.text("confirm", { label: "Confirmation", max: 10 }) === "yes";
    const who: Who = { actor: actorOf(c.get("user")), now: clock.now(), bulk: true };
    const done = (what: string, n: number) => c.redirect(`/admin/agents?done=${what}&n=${n}`, 303);
    try {
      form.done(Object.values(form.errors).join(". "));
      if (action === "export") return exportCsv(c, deps, ids, who);
      if (action === "delete" && !confirmed) return confirmDelete(c, deps, ids);
      if (action === "delete") return done("deleted", deleteUsers(db, ids, who).length);
      if (action === "unlock") return done("unlocked", unlockUsers(db, ids, who));
      return done(action === "disable" ? "disabled" : "enabled", setUsersDisabled(db, ids, action === "disable", who));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const status = err.status === 404 || err.status === 409 ? err.status : 422;
      return renderList(c, deps, NO_FILTER, 1, { message: err.message, selected: ids }, status);
    }
  });

  return app;
}
