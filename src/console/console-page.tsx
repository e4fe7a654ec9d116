import type { Context } from "hono";
import { ConsolePage } from "../../views/console/console.tsx";
import type { WrapUpView } from "../../views/console/console-types.ts";
import { hasAvatar, hasPermission } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { queuesOfUser } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { offersView, stateView, workView } from "./console-model.ts";
import { mayInvite } from "./invite/routes.tsx";
import { waitingView } from "./work/waiting-list.tsx";
import { recentCalls } from "./voice/recent-calls.ts";

/** A failed form shown in place when the page is used without script. */
export type PageExtras = { stateMessage?: string; wrapUp?: { id: string } & Pick<WrapUpView, "values" | "errors" | "message"> };

/** The whole console page for the signed-in user, rebuilt from the server's data (C6). */
export function renderConsole(c: Context<AuthedEnv>, deps: AppDeps, extras: PageExtras = {}, status: 200 | 422 = 200) {
  const { db } = deps;
  const user = c.get("user");
  const withAvatar = hasAvatar(db, user.id);
  const fix = extras.wrapUp;
  const work = workView(deps, user).map((w) => (fix && w.id === fix.id && w.wrapUp ? { ...w, wrapUp: { ...w.wrapUp, ...fix } } : w));
  return c.html(
    <ConsolePage
      csrf={c.get("csrfToken")}
      centerName={getSettings(db).centerName}
      user={{ id: user.id, fullName: user.fullName, role: user.role, hasAvatar: withAvatar, alias: user.alias, extension: user.extension }}
      departments={queuesOfUser(db, user.id).map((q) => ({ name: q.name, channel: q.channel }))}
      state={stateView(deps, user.id, extras.stateMessage)}
      offers={offersView(deps, user)}
      work={work}
      waiting={waitingView(deps, user)}
      voice={hasPermission(user, "voice")}
      dialOut={hasPermission(user, "outside_calls")}
      invite={mayInvite(user)}
      history={user.role === "supervisor" || hasPermission(user, "reports")}
      recentCalls={recentCalls(deps, user)}
    />,
    status,
  );
}
