import { type Context, Hono } from "hono";
import { QueueEditPage } from "../../views/admin/queues-edit.tsx";
import type { AudioError } from "../../views/admin/queues-audio.tsx";
import { type QueueValues, valuesOfQueue } from "../../views/admin/queues-form.tsx";
import { QueuesPage } from "../../views/admin/queues.tsx";
import { ConfirmDeletePage } from "../../views/components/confirm-delete.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { MAX_AUDIO_BYTES, queueAudioRoutes } from "./queue-audio-routes.tsx";
import {
  addAllAgentsToQueue,
  addQueueMember,
  CHANNELS,
  type Channel,
  LIVE_CHANNELS,
  createQueue,
  deleteQueue,
  getQueue,
  listQueueAudio,
  listQueueMembers,
  listQueues,
  ACTIVE_OVERFLOW_KINDS,
  ANNOUNCE_KINDS,
  QUEUE_AUDIO_KINDS,
  QUEUE_DEFAULTS,
  queueMemberCandidates,
  readQueueForm,
  removeQueueMember,
  STRATEGIES,
  updateQueue,
} from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { Conflict, FormReader, ValidationError } from "../shared/index.ts";

type C = Context<AuthedEnv>;
type EditProps = Parameters<typeof QueueEditPage>[0] & { audioError?: AudioError };
const KINDS = { channels: LIVE_CHANNELS, strategies: STRATEGIES, overflowKinds: ACTIVE_OVERFLOW_KINDS, announceKinds: ANNOUNCE_KINDS };
const AUDIO_NOTICES: Record<string, string> = { saved: "The recording was converted and saved.", removed: "The recording was removed." };
const asChannel = (v: unknown) => ((CHANNELS as readonly unknown[]).includes(v) ? (v as Channel) : null);
const asLive = (v: unknown) => ((LIVE_CHANNELS as readonly unknown[]).includes(v) ? (v as Channel) : null);
const valuesOfBody = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""])) as QueueValues;

/** Admin pages: queues (departments) of every channel and their agents (FEATURES A4). */
export function queuesRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const newPage = (c: C, extra: Partial<EditProps> & { values: QueueValues }) =>
    QueueEditPage({ ...frame(c), kinds: KINDS, others: listQueues(db), ...extra });
  const editPage = (c: C, id: string, extra: Partial<EditProps> = {}) => {
    const queue = getQueue(db, id);
    return QueueEditPage({
      ...frame(c),
      kinds: KINDS,
      queue,
      values: valuesOfQueue(queue),
      others: listQueues(db).filter((q) => q.id !== id),
      members: listQueueMembers(db, id),
      candidates: queueMemberCandidates(db, id).filter((u) => !u.disabled),
      audio:
        queue.channel === "voice"
          ? { kinds: QUEUE_AUDIO_KINDS, uploads: listQueueAudio(db, id), maxMegabytes: MAX_AUDIO_BYTES / 1048576, error: extra.audioError }
          : undefined,
      ...extra,
    });
  };

  app.get("/", (c) => {
    const channel = asChannel(c.req.query("channel"));
    const notice = c.req.query("deleted") ? "The department was deleted." : null;
    // A department of a channel that is not live yet (made before it was hidden) is still listed, to be deleted.
    const stored = new Set(listQueues(db).map((q) => q.channel));
    const channels = CHANNELS.filter((ch) => (LIVE_CHANNELS as readonly Channel[]).includes(ch) || stored.has(ch));
    return c.html(
      <QueuesPage {...frame(c)} queues={listQueues(db, channel ?? undefined)} channel={channel} channels={channels} notice={notice} />,
    );
  });

  app.get("/new", (c) => {
    const defaults = Object.fromEntries(Object.entries(QUEUE_DEFAULTS).map(([k, v]) => [k, String(v)]));
    const values: QueueValues = { ...defaults, channel: asLive(c.req.query("channel")) ?? "voice" };
    return c.html(newPage(c, { values }));
  });

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const id = createQueue(db, readQueueForm(body), actor(c), clock.now());
      return c.redirect(`/admin/queues/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(newPage(c, { values: valuesOfBody(body), errors: err.fields, message: err.message }), 422);
    }
  });

  app.get("/:id", (c) => {
    const added = c.req.query("added");
    const n = Number(added) || 0;
    const notice =
      added === undefined
        ? (AUDIO_NOTICES[c.req.query("audio") ?? ""] ?? null)
        : n
          ? `Added ${n} ${n === 1 ? "agent" : "agents"}.`
          : "Every agent is already in this department.";
    return c.html(editPage(c, c.req.param("id"), { notice }));
  });

  app.post("/:id", async (c) => {
    const id = c.req.param("id");
    const body = await formBody(c);
    try {
      updateQueue(db, id, readQueueForm(body), actor(c), clock.now());
      // A department switched from pick to offer rings its waiting work now, not at the next routing event.
      deps.routing.dispatcher.dispatch();
      return c.redirect(`/admin/queues/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(editPage(c, id, { values: valuesOfBody(body), errors: err.fields, message: err.message }), 422);
    }
  });

  app.route(
    "/",
    queueAudioRoutes(deps, (c, id, audioError) => c.html(editPage(c, id, { audioError, message: null }), 422)),
  );

  const confirm = (c: C, id: string, message?: string) => {
    const queue = getQueue(db, id);
    const base = `/admin/queues/${id}`;
    const consequence = "Its agents stay as users; they are only taken out of this department.";
    return ConfirmDeletePage({
      ...frame(c),
      what: `department ${queue.name}`,
      action: `${base}/delete`,
      cancel: base,
      consequence,
      message,
    });
  };
  app.get("/:id/delete", (c) => c.html(confirm(c, c.req.param("id"))));

  app.post("/:id/delete", (c) => {
    const id = c.req.param("id");
    try {
      deleteQueue(db, id, actor(c), clock.now());
      return c.redirect("/admin/queues?deleted=1", 303);
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
      return c.html(confirm(c, id, err.message), 409);
    }
  });

  app.post("/:id/members", async (c) => {
    const id = c.req.param("id");
    const form = new FormReader(await formBody(c));
    const userId = form.text("userId", { label: "Agent", required: true, max: 64 });
    try {
      form.done();
      addQueueMember(db, id, userId, actor(c), clock.now());
      // Work already waiting there reaches a Ready newcomer now, not at the next routing event.
      deps.routing.dispatcher.dispatch();
      return c.redirect(`/admin/queues/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(editPage(c, id, { memberErrors: err.fields, memberMessage: Object.values(err.fields)[0] ?? err.message }), 422);
    }
  });

  app.post("/:id/members/all", (c) => {
    const id = c.req.param("id");
    const added = addAllAgentsToQueue(db, id, actor(c), clock.now());
    deps.routing.dispatcher.dispatch();
    return c.redirect(`/admin/queues/${id}?added=${added}`, 303);
  });

  app.post("/:id/members/:userId/remove", (c) => {
    const { id, userId } = c.req.param();
    removeQueueMember(db, id, userId, actor(c), clock.now());
    return c.redirect(`/admin/queues/${id}`, 303);
  });

  return app;
}
