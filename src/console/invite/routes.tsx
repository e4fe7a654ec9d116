import { type Context, Hono } from "hono";
import { type InviteValues, InvitePage } from "../../../views/console/invite.tsx";
import { hasAvatar, hasPermission, requirePermission, requireRole, type SessionUser } from "../../auth/index.ts";
import { formatTime } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody } from "../../http/request.ts";
import { mailNews } from "../../integrations/mail/index.ts";
import { listQueues } from "../../routing/index.ts";
import { getSettings } from "../../settings/index.ts";
import { TooManyRequests, ValidationError } from "../../shared/index.ts";
import { AUDIO_VIDEO_LATER, type InviteStatus, inviteStatus, readInviteForm, recentInvites, sendInvite } from "../../widget/index.ts";

const RINGS_FIRST = "When the customer starts the chat, it rings you first, even while you are Not Ready.";
const STATUS_LABELS: Record<InviteStatus, string> = { ready: "Not used yet", used: "Used", expired: "Expired" };

type Extras = { values?: InviteValues; notice?: string; message?: string; errors?: Record<string, string> };

function render(c: Context<AuthedEnv>, deps: AppDeps, extras: Extras = {}, status: 200 | 422 | 429 = 200) {
  const { db, clock } = deps;
  const user = c.get("user");
  const departments = listQueues(db, "chat");
  const nameOf = new Map(departments.map((d) => [d.id, d.name]));
  const sent = recentInvites(db, user.id).map((i) => ({
    id: i.id,
    sentAt: formatTime(db, i.createdAt),
    name: i.name,
    email: i.email,
    department: (i.queueId && nameOf.get(i.queueId)) || "(deleted)",
    status: STATUS_LABELS[inviteStatus(i, clock.now())],
  }));
  return c.html(
    <InvitePage
      csrf={c.get("csrfToken")}
      centerName={getSettings(db).centerName}
      user={{ id: user.id, fullName: user.fullName, role: user.role, hasAvatar: hasAvatar(db, user.id) }}
      departments={departments.map((d) => ({ id: d.id, name: d.name }))}
      values={extras.values ?? { name: "", email: "", department: departments[0]?.id ?? "" }}
      audioVideoNote={AUDIO_VIDEO_LATER}
      sent={sent}
      notice={extras.notice}
      message={extras.message}
      errors={extras.errors}
    />,
    status,
  );
}

const text = (body: Record<string, unknown>, name: string, max: number) =>
  typeof body[name] === "string" ? (body[name] as string).slice(0, max) : "";

/**
 * The invited chat rings its inviter first, so only someone routing can offer a chat to may invite: an agent or
 * supervisor (admins are never signed in to queues) with the Chat permission. The console shows the link by the same rule.
 */
const INVITE_ROLES = ["agent", "supervisor"] as const;
export function mayInvite(user: Pick<SessionUser, "role" | "permissions">): boolean {
  return (INVITE_ROLES as readonly string[]).includes(user.role) && hasPermission(user, "chat");
}

/** "Invite a customer" (FEATURES W7) for agents and supervisors: the form, and sending the link by email. */
export function inviteRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("/console/invite", requireRole(...INVITE_ROLES), requirePermission("chat", "Chat"));

  app.get("/console/invite", (c) =>
    render(c, deps, { notice: c.req.query("sent") ? `${mailNews(deps.mail, "The invitation")} ${RINGS_FIRST}` : undefined }),
  );

  app.post("/console/invite", async (c) => {
    const body = await formBody(c);
    try {
      const input = readInviteForm(
        body,
        listQueues(deps.db, "chat").map((q) => q.id),
      );
      sendInvite(deps, c.get("user").id, input, deps.clock.now());
    } catch (err) {
      const values = {
        name: text(body, "name", 200),
        email: text(body, "email", 300),
        department: text(body, "department", 64),
      };
      if (err instanceof ValidationError) return render(c, deps, { values, errors: err.fields, message: err.message }, 422);
      if (err instanceof TooManyRequests) return render(c, deps, { values, message: err.message }, 429);
      throw err;
    }
    return c.redirect("/console/invite?sent=1", 303);
  });
  return app as unknown as Hono<Env>;
}
