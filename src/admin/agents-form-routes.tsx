import { Hono } from "hono";
import {
  type AvatarImage,
  createUser,
  formValuesFromBody,
  readAvatarUpload,
  readUserInput,
  type UserInput,
  updateUser,
} from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { mailNews } from "../integrations/mail/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";
import { type Membership, membershipOptions, membershipWriter, readMembership } from "./agent-membership.ts";
import { actorOf, renderEdit, renderNew, welcomeOf } from "./agents-render.tsx";
import { watchingAccess } from "./live-access.ts";

const SAVED_NOTICES: Record<string, string> = {
  "1": "Changes saved.",
  unlocked: "Account unlocked. The failed sign-in count is back to zero.",
  password: "Password set. The user was signed out everywhere.",
  "mfa-reset": "Two-step sign-in reset. The user was signed out everywhere.",
};

type Posted = { input: UserInput; membership: Membership; avatar: AvatarImage | "remove" | null };

/** Reads the whole user form, the avatar included; throws ValidationError with every field message. */
async function readPosted(body: Record<string, unknown>, deps: AppDeps): Promise<Posted> {
  const form = new FormReader(body);
  const input = readUserInput(form);
  const membership = readMembership(form, membershipOptions(deps.db));
  const upload = await readAvatarUpload(body.avatar);
  if (upload && "error" in upload) form.fail("avatar", upload.error);
  form.done();
  const avatar = upload && "image" in upload ? upload.image : form.bool("removeAvatar") ? "remove" : null;
  return { input, membership, avatar };
}

/** Create and edit one user (FEATURES A2). */
export function agentFormRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();

  app.get("/new", (c) => renderNew(c, deps));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const { input, membership, avatar } = await readPosted(body, deps);
      const opts = { actor: actorOf(c.get("user")), now: clock.now(), avatar, also: membershipWriter(membership, input.role) };
      const created = createUser(db, input, { ...opts, welcome: welcomeOf(deps) });
      const notice = input.email
        ? `User created. ${mailNews(deps.mail, `A welcome mail with a set-password link to ${input.email}`)}`
        : "User created.";
      return renderEdit(c, deps, created.id, { notice, oneTime: created }, 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = formValuesFromBody(body);
      return renderNew(c, deps, { values, errors: err.fields, message: err.message }, 422);
    }
  });

  app.get("/:id", (c) => {
    const saved = c.req.query("saved") ?? "";
    const notice = saved === "mailed" ? mailNews(deps.mail, "A password reset link to the user's email address") : SAVED_NOTICES[saved];
    return renderEdit(c, deps, c.req.param("id"), { notice });
  });

  app.post("/:id", async (c) => {
    const id = c.req.param("id");
    const me = c.get("user");
    const body = await formBody(c);
    try {
      const { input, membership, avatar } = await readPosted(body, deps);
      const opts = { actor: actorOf(me), now: clock.now(), avatar, also: membershipWriter(membership, input.role) };
      const saved = watchingAccess(deps, id);
      const { sipSecret, changed } = updateUser(db, id, input, opts);
      saved(changed);
      if (sipSecret) return renderEdit(c, deps, id, { notice: SAVED_NOTICES["1"], oneTime: { sipSecret } });
      // An admin who made themself a supervisor or agent no longer has this page.
      return c.redirect(id === me.id && input.role !== "admin" ? "/" : `/admin/agents/${id}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = formValuesFromBody(body);
      return renderEdit(c, deps, id, { values, errors: err.fields, message: err.message }, 422);
    }
  });

  return app;
}
