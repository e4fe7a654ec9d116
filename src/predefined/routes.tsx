import { type Context, Hono } from "hono";
import { PredefinedEditPage, PredefinedListPage, type PredefinedScope } from "../../views/admin/predefined.tsx";
import { ConfirmDeletePage } from "../../views/components/confirm-delete.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { ValidationError } from "../shared/index.ts";
import {
  createPredefined,
  deletePredefined,
  getPredefined,
  listPredefined,
  type Owner,
  readPredefinedForm,
  updatePredefined,
} from "./predefined.ts";

type C = Context<AuthedEnv>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const valuesOf = (body: Record<string, unknown>) => ({ shortcut: str(body.shortcut), title: str(body.title), body: str(body.body) });

/**
 * List, create, edit and delete predefined messages of one owner: the global set (personal = false, for
 * admins) or the signed-in user's own set. A message of another owner is always 404.
 */
export function predefinedPages(deps: AppDeps, opts: { scope: PredefinedScope; personal: boolean }) {
  const { db, clock } = deps;
  const { scope } = opts;
  const app = new Hono<AuthedEnv>();
  const owner = (c: C): Owner => (opts.personal ? c.get("user").id : null);
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName, ...scope });
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });

  app.get("/", (c) => c.html(<PredefinedListPage {...frame(c)} messages={listPredefined(db, owner(c))} />));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      createPredefined(db, owner(c), readPredefinedForm(body), actor(c), clock.now());
      return c.redirect(scope.base, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const messages = listPredefined(db, owner(c));
      return c.html(
        <PredefinedListPage {...frame(c)} messages={messages} values={valuesOf(body)} errors={err.fields} message={err.message} />,
        422,
      );
    }
  });

  app.get("/:id", (c) => c.html(<PredefinedEditPage {...frame(c)} item={getPredefined(db, c.req.param("id"), owner(c))} />));

  app.post("/:id", async (c) => {
    const id = c.req.param("id");
    const item = getPredefined(db, id, owner(c));
    const body = await formBody(c);
    try {
      updatePredefined(db, id, owner(c), readPredefinedForm(body), actor(c), clock.now());
      return c.redirect(scope.base, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(
        <PredefinedEditPage {...frame(c)} item={item} values={valuesOf(body)} errors={err.fields} message={err.message} />,
        422,
      );
    }
  });

  app.get("/:id/delete", (c) => {
    const item = getPredefined(db, c.req.param("id"), owner(c));
    const action = `${scope.base}/${item.id}/delete`;
    return c.html(<ConfirmDeletePage {...frame(c)} what={`message /${item.shortcut}`} action={action} cancel={scope.base} />);
  });

  app.post("/:id/delete", (c) => {
    deletePredefined(db, c.req.param("id"), owner(c), actor(c), clock.now());
    return c.redirect(scope.base, 303);
  });

  return app;
}
