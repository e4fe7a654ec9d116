import { type Context, Hono } from "hono";
import { type ProfileValues, ProfilePage } from "../../../views/console/profile.tsx";
import {
  changeOwnPassword,
  getUser,
  hasAvatar,
  hasTotp,
  readAvatarUpload,
  readProfileInput,
  requireRole,
  setOwnAvatar,
  updateProfile,
} from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody } from "../../http/request.ts";
import { queuesOfUser } from "../../routing/index.ts";
import { getSettings } from "../../settings/index.ts";
import { FormReader, ValidationError } from "../../shared/index.ts";

type Extras = {
  values?: ProfileValues;
  notice?: string;
  message?: string;
  errors?: Record<string, string>;
  passwordErrors?: Record<string, string>;
  avatarError?: string;
};

const NOTICES: Record<string, string> = {
  details: "Your details are saved.",
  password: "Your password is changed. Your other sign-ins have ended.",
  avatar: "Your avatar is updated.",
  "avatar-removed": "Your avatar is removed.",
  "two-step-off": "Two-step sign-in is off.",
};

function render(c: Context<AuthedEnv>, deps: AppDeps, extras: Extras = {}, status: 200 | 422 = 200) {
  const { db } = deps;
  const me = getUser(db, c.get("user").id);
  const settings = getSettings(db);
  const { fullName, alias, notifySound, notifyDesktop, notifyPosition } = me;
  return c.html(
    <ProfilePage
      csrf={c.get("csrfToken")}
      centerName={settings.centerName}
      me={{
        id: me.id,
        fullName: me.fullName,
        username: me.username,
        role: me.role,
        extension: me.extension,
        hasAvatar: hasAvatar(db, me.id),
      }}
      values={{ fullName, alias, notifySound, notifyDesktop, notifyPosition }}
      departments={queuesOfUser(db, me.id).map((q) => ({ name: q.name, channel: q.channel }))}
      strongPasswords={settings.strongPasswords}
      twoStepOn={hasTotp(db, me.id)}
      {...extras}
    />,
    status,
  );
}

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).slice(0, 1000) : "");

/** The signed-in person's own profile (FEATURES C5), for every role. */
export function profileRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const signedIn = requireRole("agent", "supervisor", "admin");

  app.get("/profile", signedIn, (c) => render(c, deps, { notice: NOTICES[c.req.query("saved") ?? ""] }));

  app.post("/profile", signedIn, async (c) => {
    const body = await formBody(c);
    const form = new FormReader(body);
    const input = readProfileInput(form);
    try {
      form.done();
      updateProfile(db, c.get("user").id, input, clock.now());
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = { ...input, fullName: text(body, "fullName"), alias: text(body, "alias") };
      return render(c, deps, { values, errors: err.fields, message: err.message }, 422);
    }
    return c.redirect("/profile?saved=details", 303);
  });

  app.post("/profile/password", signedIn, async (c) => {
    const body = await formBody(c);
    const change = {
      password: text(body, "password"),
      confirm: text(body, "confirm"),
      strong: getSettings(db).strongPasswords,
      now: clock.now(),
    };
    try {
      await changeOwnPassword(db, c.get("user").id, text(body, "current"), change, c.get("sessionToken"));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(c, deps, { passwordErrors: err.fields, message: err.message }, 422);
    }
    return c.redirect("/profile?saved=password", 303);
  });

  app.post("/profile/avatar", signedIn, async (c) => {
    const upload = await readAvatarUpload((await formBody(c)).avatar);
    if (!upload || "error" in upload) {
      const avatarError = upload?.error ?? "Choose an image file to upload";
      return render(c, deps, { avatarError, message: avatarError }, 422);
    }
    setOwnAvatar(db, c.get("user").id, upload.image, clock.now());
    return c.redirect("/profile?saved=avatar", 303);
  });

  app.post("/profile/avatar/delete", signedIn, (c) => {
    setOwnAvatar(db, c.get("user").id, null, clock.now());
    return c.redirect("/profile?saved=avatar-removed", 303);
  });

  return app as unknown as Hono<Env>;
}
