import { type Context, Hono } from "hono";
import { RouteEditPage, TrunkPage } from "../../views/admin/trunk.tsx";
import { type RouteValues, targetValue } from "../../views/admin/trunk-inbound.tsx";
import { type TrunkValues, valuesOfTrunk } from "../../views/admin/trunk-settings.tsx";
import { TrunkStatusCard } from "../../views/admin/trunk-status.tsx";
import { ConfirmDeletePage } from "../../views/components/confirm-delete.tsx";
import type { Db } from "../db/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { formatDateTime, ValidationError } from "../shared/index.ts";
import {
  createInboundRoute,
  deleteInboundRoute,
  getInboundRoute,
  getTrunk,
  listInboundRoutes,
  MAX_NUMBER_RULES,
  readInboundRouteForm,
  readTrunkForm,
  routeTargets,
  saveTrunk,
  TRUNK_UPDATED,
  trunkStatus,
  updateInboundRoute,
} from "../trunk/index.ts";

type C = Context<AuthedEnv>;
/** "2026-01-05 09:10:00 Europe/Rome": a moment in the center's time zone, which it names. */
const zoned = (db: Db) => {
  const zone = getSettings(db).timeZone;
  return (ms: number) => `${formatDateTime(ms, zone)} ${zone}`;
};

type PageExtra = Partial<Parameters<typeof TrunkPage>[0]>;

const NOTICES: Record<string, string> = {
  saved: "Trunk saved.",
  unchanged: "Nothing changed.",
  added: "Route added.",
  updated: "Route saved.",
  deleted: "Route deleted.",
};

/** The form as it was sent (the password never comes back), so a rejected form keeps what was typed. */
const typed = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === "string" && k !== "password" ? [[k, v]] : [])));

/** Admin page: the SIP trunk, its live status and its inbound routes (FEATURES A7). */
export function trunkRoutes(deps: AppDeps) {
  const { db, clock, bus } = deps;
  const app = new Hono<AuthedEnv>();
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const page = (c: C, extra: PageExtra = {}) => {
    const trunk = getTrunk(db);
    return TrunkPage({
      ...frame(c),
      status: trunkStatus(db, clock.now()),
      at: zoned(db),
      values: valuesOfTrunk(trunk),
      hasPassword: trunk.password !== "",
      maxRules: MAX_NUMBER_RULES,
      routes: listInboundRoutes(db),
      targets: routeTargets(db),
      ...extra,
    });
  };

  app.get("/", (c) => c.html(page(c, { notice: NOTICES[c.req.query("done") ?? ""] ?? null })));
  app.get("/status", (c) => c.html(<TrunkStatusCard status={trunkStatus(db, clock.now())} at={zoned(db)} />));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const changed = saveTrunk(db, readTrunkForm(body, getTrunk(db)), actor(c), clock.now());
      if (changed.length) bus.publish(TRUNK_UPDATED, { changed });
      return c.redirect(`/admin/trunk?done=${changed.length ? "saved" : "unchanged"}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(page(c, { values: typed(body) as TrunkValues, errors: err.fields, message: err.message }), 422);
    }
  });

  app.post("/routes", async (c) => {
    const body = await formBody(c);
    try {
      createInboundRoute(db, readInboundRouteForm(body), actor(c), clock.now());
      return c.redirect("/admin/trunk?done=added", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(page(c, { routeValues: typed(body), routeErrors: err.fields, routeMessage: err.message }), 422);
    }
  });

  const editPage = (c: C, id: string, values?: RouteValues, err?: ValidationError) => {
    const route = getInboundRoute(db, id);
    const saved = { did: route.did, label: route.label, target: route.target ? targetValue(route.target) : "" };
    return RouteEditPage({
      ...frame(c),
      id,
      did: route.did,
      values: values ?? saved,
      targets: routeTargets(db),
      errors: err?.fields,
      message: err?.message,
    });
  };
  app.get("/routes/:id", (c) => c.html(editPage(c, c.req.param("id"))));

  app.post("/routes/:id", async (c) => {
    const id = c.req.param("id");
    const body = await formBody(c);
    try {
      updateInboundRoute(db, id, readInboundRouteForm(body), actor(c), clock.now());
      return c.redirect("/admin/trunk?done=updated", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(editPage(c, id, typed(body), err), 422);
    }
  });

  app.get("/routes/:id/delete", (c) => {
    const id = c.req.param("id");
    const route = getInboundRoute(db, id);
    const what = `inbound route ${route.did}`;
    return c.html(ConfirmDeletePage({ ...frame(c), what, action: `/admin/trunk/routes/${id}/delete`, cancel: "/admin/trunk" }));
  });

  app.post("/routes/:id/delete", (c) => {
    deleteInboundRoute(db, c.req.param("id"), actor(c), clock.now());
    return c.redirect("/admin/trunk?done=deleted", 303);
  });

  return app;
}
