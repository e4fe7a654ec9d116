import type { Hono } from "hono";
import { TransferForm, TransferOpener, type TransferView } from "../../views/console/transfer.tsx";
import { colleaguesOf } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { type Interaction, listQueueMembers, listQueues, queuesOfUser } from "../routing/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";
import type { C } from "./chat/route-helpers.ts";

type Channel = TransferView["channel"];

/** Colleagues who work one of my departments of the channel (with their state now), and its departments. */
export function transferView(deps: Pick<AppDeps, "db">, channel: Channel, interactionId: string, userId: string): TransferView {
  const mine = queuesOfUser(deps.db, userId).filter((q) => q.channel === channel);
  const members = new Set(mine.flatMap((q) => listQueueMembers(deps.db, q.id).map((m) => m.userId)));
  const agents = colleaguesOf(deps.db, userId)
    .filter((c) => members.has(c.id))
    .map((c) => ({ id: c.id, name: c.fullName, state: c.stateLabel }));
  const departments = listQueues(deps.db, channel).map((q) => ({ id: q.id, name: q.name }));
  return { channel, interactionId, agents, departments };
}

/** The chosen target, or the form again with the reason (422) when it is not one of the listed ones. */
async function readTarget(c: C, view: TransferView): Promise<{ kind: string; id: string } | Response> {
  const listed = new Set([...view.agents.map((a) => `agent:${a.id}`), ...view.departments.map((d) => `queue:${d.id}`)]);
  const form = new FormReader(await formBody(c));
  const number = view.byNumber ? form.text("number", { label: "Extension or number", max: 40 }) : "";
  const to = form.text("to", { label: "Transfer to", required: !number, max: 100 });
  if (to && number) form.fail("to", "Choose from the list or type a number, not both");
  if (to && !form.errors.to && !listed.has(to)) form.fail("to", "Choose an agent or a department from the list");
  try {
    form.done();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return c.html(<TransferForm view={{ ...view, error: err.fields.to ?? err.message }} csrf={c.get("csrfToken")} />, 422);
  }
  if (number) return { kind: "number", id: number };
  const [kind, id] = to.split(":") as [string, string];
  return { kind, id };
}

/**
 * The blind transfer of one channel's work (W4, V4): the form, and the transfer to a listed colleague
 * or department. `active` finds the sender's own interaction that can be transferred now, or throws;
 * `toNumber`, when given, also takes an extension or number typed in (calls).
 */
export function transferRoutes(
  app: Hono<AuthedEnv>,
  deps: AppDeps,
  channel: Channel,
  active: (c: C) => Interaction,
  toNumber?: (c: C, i: Interaction, number: string) => Promise<void>,
): void {
  const viewOf = (i: Interaction, userId: string) => ({ ...transferView(deps, channel, i.id, userId), byNumber: Boolean(toNumber) });
  const path = `/console/${channel}/:id/transfer`;
  app.get(path, (c) => {
    const i = active(c);
    if (c.req.query("cancel")) return c.html(<TransferOpener channel={channel} interactionId={i.id} />);
    return c.html(<TransferForm view={viewOf(i, c.get("user").id)} csrf={c.get("csrfToken")} />);
  });

  app.post(path, async (c) => {
    const user = c.get("user");
    const i = active(c);
    const target = await readTarget(c, viewOf(i, user.id));
    if (target instanceof Response) return target;
    // Conflict (that agent cannot take it now) answers 409 with the reason, shown to the sender.
    if (target.kind === "number" && toNumber) await toNumber(c, i, target.id);
    else if (target.kind === "agent") deps.routing.transferToAgent(i.id, user.id, target.id);
    else deps.routing.transferToQueue(i.id, user.id, target.id);
    if (!isHtmx(c)) return c.redirect("/console", 303);
    return c.html(<TransferOpener channel={channel} interactionId={i.id} />);
  });
}
