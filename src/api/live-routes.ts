import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getUser } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import { pausedChannels, type Presence } from "../presence/index.ts";
import {
  CHANNELS,
  DIRECTIONS,
  getInteraction,
  INTERACTION_STATUSES,
  type InteractionRow,
  listInteractions,
  listQueues,
} from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { forceAgentState, loadQueueRows, notReadyReasons, SERVICE_LEVEL_MS } from "../supervisor/index.ts";
import { needs, tokenActor } from "./auth.ts";
import { decodeCursor, PageQuery, pageOf, pageSchema } from "./cursor.ts";
import type { ApiEnv } from "./env.ts";
import { jsonAnswer, jsonBody } from "./describe.ts";
import { errorResponses } from "./errors.ts";
import { AgentStateBody, AgentStateChange, IdParam, Interaction, QueueFiguresList } from "./schemas.ts";

const Millis = z.coerce.number().int().min(0).max(8_640_000_000_000_000);

export const liveRoutes = {
  readState: createRoute({
    method: "get",
    path: "/agents/{id}/state",
    operationId: "getAgentState",
    tags: ["Agent state"],
    summary: "An agent's current state",
    middleware: [needs("agent_state:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(AgentStateBody, "The state now."), ...errorResponses(404) },
  }),
  setState: createRoute({
    method: "put",
    path: "/agents/{id}/state",
    operationId: "setAgentState",
    tags: ["Agent state"],
    summary: "Set an agent Ready, Not Ready (with a listed reason) or signed out, when that move is legal now",
    middleware: [needs("agent_state:write")] as const,
    request: { params: IdParam, body: jsonBody(AgentStateChange) },
    responses: { 200: jsonAnswer(AgentStateBody, "The state after the change."), ...errorResponses(404, 409, 422) },
  }),
  figures: createRoute({
    method: "get",
    path: "/queue-figures",
    operationId: "getQueueFigures",
    tags: ["Queues"],
    summary: "Live figures per department: waiting, longest wait, service level today, agents Ready",
    middleware: [needs("queue_figures:read")] as const,
    responses: { 200: jsonAnswer(QueueFiguresList, "Every department's figures now."), ...errorResponses() },
  }),
  interactions: createRoute({
    method: "get",
    path: "/interactions",
    operationId: "listInteractions",
    tags: ["Interactions"],
    summary: "List interactions, newest first",
    middleware: [needs("interactions:read")] as const,
    request: {
      query: z.object({
        ...PageQuery,
        status: z.enum(INTERACTION_STATUSES).optional(),
        channel: z.enum(CHANNELS).optional(),
        direction: z.enum(DIRECTIONS).optional(),
        departmentId: z.string().max(64).optional(),
        agentId: z.string().max(64).optional(),
        since: Millis.optional().openapi({ description: "Created at or after (ms since 1970)." }),
        until: Millis.optional().openapi({ description: "Created before (ms since 1970)." }),
      }),
    },
    responses: { 200: jsonAnswer(pageSchema(Interaction, "InteractionPage"), "One page of interactions."), ...errorResponses() },
  }),
  interaction: createRoute({
    method: "get",
    path: "/interactions/{id}",
    operationId: "getInteraction",
    tags: ["Interactions"],
    summary: "Read one interaction",
    middleware: [needs("interactions:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(Interaction, "The interaction."), ...errorResponses(404) },
  }),
};

function stateDto(p: Presence): z.infer<typeof AgentStateBody> {
  return { userId: p.userId, state: p.state, reason: p.reason, since: p.stateSince, pausedChannels: pausedChannels(p) };
}

function interactionDto(i: InteractionRow): z.infer<typeof Interaction> {
  let attachedData: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(i.attachedData);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) attachedData = parsed;
  } catch {}
  const { id, channel, direction, status, agentId, customerName, customerAddress, subject } = i;
  const { createdAt, queuedAt, acceptedAt, endedAt, endReason, disposition } = i;
  return {
    ...{ id, channel, direction, status, agentId, customerName, customerAddress, subject, attachedData },
    ...{ createdAt, queuedAt, acceptedAt, endedAt, endReason, disposition },
    departmentId: i.queueId,
  };
}

const InteractionCursor = z.object({ createdAt: z.number().int(), id: z.string().max(64) });

export function mountLiveRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps): void {
  const { db, clock, presence } = deps;

  api.openapi(liveRoutes.readState, (c) => {
    const user = getUser(db, c.req.valid("param").id);
    return c.json(stateDto(presence.get(user.id)), 200);
  });

  api.openapi(liveRoutes.setState, (c) => {
    const user = getUser(db, c.req.valid("param").id);
    const { state, reason } = c.req.valid("json");
    const token = c.get("token");
    // The token acts center-wide, as the admin who issued it would; the change goes through the state machine.
    const viewer = { id: token.createdBy ?? "", role: "admin" as const, name: tokenActor(token).name };
    const reasons = notReadyReasons(getSettings(db).notReadyReasons);
    forceAgentState({ db, presence, now: clock.now() }, viewer, { agentId: user.id, to: state, reason: reason ?? "" }, reasons);
    return c.json(stateDto(presence.get(user.id)), 200);
  });

  api.openapi(liveRoutes.figures, (c) => {
    const now = clock.now();
    const rows = loadQueueRows(
      db,
      listQueues(db).map((q) => q.id),
      now,
    );
    const items = [...rows.values()].map((r) => ({
      departmentId: r.id,
      name: r.name,
      channel: r.channel,
      waiting: r.waiting,
      longestWaitMs: r.oldestQueuedAt === null ? null : Math.max(0, now - r.oldestQueuedAt),
      handledToday: r.handledToday,
      serviceLevelPercent: r.serviceLevel,
      readyAgents: r.readyAgents,
    }));
    return c.json({ items, serviceLevelMs: SERVICE_LEVEL_MS }, 200);
  });

  api.openapi(liveRoutes.interactions, (c) => {
    const { limit, cursor, departmentId, ...filter } = c.req.valid("query");
    const after = decodeCursor(cursor, InteractionCursor);
    const rows = listInteractions(db, { ...filter, queueId: departmentId }, after, limit + 1);
    const page = pageOf(rows, limit, (i) => ({ createdAt: i.createdAt, id: i.id }));
    return c.json({ items: page.items.map(interactionDto), nextCursor: page.nextCursor }, 200);
  });

  api.openapi(liveRoutes.interaction, (c) => c.json(interactionDto(getInteraction(db, c.req.valid("param").id)), 200));
}
