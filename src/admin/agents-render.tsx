import type { Context } from "hono";
import { type AgentFormProps, AgentFormPage } from "../../views/admin/agents-form.tsx";
import { type AgentFilter, AgentResults, AgentsListPage } from "../../views/admin/agents-list.tsx";
import type { NavUser } from "../../views/layouts/page.tsx";
import type { Actor } from "../audit/index.ts";
import {
  formValues,
  getUser,
  hasAvatar,
  hasTotp,
  pausedSignIns,
  inputFromUser,
  listUsers,
  NEW_USER_DEFAULTS,
  type Role,
  type SessionUser,
  type UserState,
  type Welcome,
} from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { isHtmx } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { membershipOf, membershipOptions } from "./agent-membership.ts";

type Extras = Partial<Pick<AgentFormProps, "values" | "errors" | "message" | "notice" | "oneTime" | "passwordErrors">>;
type Status = 200 | 201 | 404 | 409 | 422;

export function navUser(db: Db, user: SessionUser): NavUser {
  return { id: user.id, fullName: user.fullName, role: user.role, hasAvatar: hasAvatar(db, user.id) };
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.username };
}

export function welcomeOf(deps: AppDeps): Welcome {
  return { mail: deps.mail, baseUrl: deps.baseUrl(), centerName: getSettings(deps.db).centerName };
}

/** The "new user" form, empty or as it was posted. */
export function renderNew(c: Context<AuthedEnv>, deps: AppDeps, extras: Extras = {}, status: Status = 200) {
  const { db } = deps;
  return c.html(
    <AgentFormPage
      csrf={c.get("csrfToken")}
      centerName={getSettings(db).centerName}
      user={navUser(db, c.get("user"))}
      values={formValues(NEW_USER_DEFAULTS)}
      options={membershipOptions(db)}
      {...extras}
    />,
    status,
  );
}

/** The sign-in block of this username from some address, as the account panel tells it. */
function pauseOf(deps: AppDeps, username: string) {
  const now = deps.clock.now();
  const pause = pausedSignIns(deps.db, [username], now).get(username);
  return pause ? { minutesLeft: Math.ceil((pause.until - now) / 60_000), failures: pause.failures, addresses: pause.addresses } : null;
}

/** The edit page of one user (NotFound for an unknown id), with the account panels beside the form. */
export function renderEdit(c: Context<AuthedEnv>, deps: AppDeps, id: string, extras: Extras = {}, status: Status = 200) {
  const { db } = deps;
  const target = getUser(db, id);
  const settings = getSettings(db);
  return c.html(
    <AgentFormPage
      csrf={c.get("csrfToken")}
      centerName={settings.centerName}
      user={navUser(db, c.get("user"))}
      target={{
        id: target.id,
        fullName: target.fullName,
        username: target.username,
        email: target.email,
        hasAvatar: hasAvatar(db, target.id),
        locked: target.locked,
        failedLogins: target.failedLogins,
        pause: pauseOf(deps, target.username),
        typology: target.typology,
        strongPasswords: settings.strongPasswords,
        hasTotp: hasTotp(db, target.id),
      }}
      values={formValues(inputFromUser(target), membershipOf(db, target.id))}
      options={membershipOptions(db)}
      {...extras}
    />,
    status,
  );
}

export type ListExtras = { notice?: string | null; message?: string | null; errors?: Record<string, string>; selected?: string[] };

/** The agents list with a filter; the results fragment alone for htmx requests. */
export function renderList(
  c: Context<AuthedEnv>,
  deps: AppDeps,
  filter: AgentFilter,
  page: number,
  extras: ListExtras,
  status: 200 | 404 | 409 | 422,
) {
  const { db } = deps;
  const result = listUsers(db, {
    search: filter.q,
    role: filter.role as Role | "",
    state: filter.state as UserState | "",
    page,
    now: deps.clock.now(),
  });
  const paused = pausedSignIns(
    db,
    result.rows.map((u) => u.username),
    deps.clock.now(),
  );
  const rows = result.rows.map((u) => ({ ...u, paused: paused.has(u.username) }));
  const props = { csrf: c.get("csrfToken"), filter, result: { ...result, rows }, selected: extras.selected };
  // The same address answers with the fragment or the page, so caches must keep them apart.
  c.header("Vary", "HX-Request");
  if (isHtmx(c) && c.req.header("HX-History-Restore-Request") !== "true") return c.html(<AgentResults {...props} />, status);
  return c.html(
    <AgentsListPage {...props} {...extras} user={navUser(db, c.get("user"))} centerName={getSettings(db).centerName} />,
    status,
  );
}
