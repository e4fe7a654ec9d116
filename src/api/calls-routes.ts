import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { findUserByUsername, findUser, hasPermission, type User } from "../auth/index.ts";
import { recordAudit } from "../audit/index.ts";
import type { CallService } from "../calls/index.ts";
import type { AppDeps } from "../deps.ts";
import { getInteraction } from "../routing/index.ts";
import { Conflict, Forbidden, NotFound, ValidationError } from "../shared/index.ts";
import { needs, tokenActor } from "./auth.ts";
import { jsonAnswer, jsonBody } from "./describe.ts";
import type { ApiEnv } from "./env.ts";
import { errorResponses } from "./errors.ts";
import { IdParam } from "./schemas.ts";

const CALL_STATES = ["dialing", "queued", "connected", "held", "ended"] as const;

export const NewCall = z
  .object({
    agent: z.string().min(1).max(200).openapi({ description: "The agent's id or username.", example: "ann" }),
    number: z
      .string()
      .min(1)
      .max(40)
      .openapi({ description: "A colleague's extension or an outside number, as the agent would dial it.", example: "0441234999" }),
  })
  .strict()
  .openapi("NewCall");

export const CallBody = z
  .object({
    id: z.string().openapi({ description: "The call's interaction id." }),
    agentId: z.string().nullable(),
    number: z.string().openapi({ description: "The number as dialled." }),
    state: z.enum(CALL_STATES).openapi({ description: "dialing until the far end answers; ended once either side hangs up." }),
    ringing: z.boolean().openapi({ description: "The far end is ringing." }),
    createdAt: z.number().int(),
  })
  .openapi("Call");

export const callRoutes = {
  place: createRoute({
    method: "post",
    path: "/calls",
    operationId: "placeCall",
    tags: ["Calls"],
    summary: "Click-to-dial: the agent's browser phone calls the number, exactly as if they dialled it in the console",
    description:
      "The agent must have the Voice permission (and Outside calls for a number that is not a colleague's extension), be signed in with the console's phone ready, and not be on another call. The trunk's number rules and caller ID apply.",
    middleware: [needs("calls:write")] as const,
    request: { body: jsonBody(NewCall) },
    responses: { 201: jsonAnswer(CallBody, "The call, ringing out."), ...errorResponses(409, 422, 503) },
  }),
  read: createRoute({
    method: "get",
    path: "/calls/{id}",
    operationId: "getCall",
    tags: ["Calls"],
    summary: "A call's state now",
    middleware: [needs("calls:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(CallBody, "The call."), ...errorResponses(404) },
  }),
};

/** The agent a call is placed for, by id or username; refused with the reason an integrator can act on. */
function dialler(deps: AppDeps, ref: string): User {
  const user = findUser(deps.db, ref) ?? findUserByUsername(deps.db, ref);
  if (!user) throw new ValidationError("There is no such agent.", { agent: "There is no user with this id or username." });
  if (user.disabled) throw new Conflict(`${user.username} is disabled.`);
  if (!hasPermission(user, "voice")) throw new Forbidden(`${user.username} lacks the Voice permission.`);
  if (deps.presence.get(user.id).state === "logged_out") throw new Conflict(`${user.username} is not signed in.`);
  if (deps.phones.get(user.id)?.state !== "ready")
    throw new Conflict(`${user.username}'s phone is not ready: they must have the console open with "Phone ready".`);
  return user;
}

export function mountCallRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const calls = (): CallService => {
    if (!deps.calls) throw new Conflict("Calls are not available on this appliance.");
    return deps.calls;
  };
  const callDto = (id: string): z.infer<typeof CallBody> => {
    const i = getInteraction(db, id);
    if (i.channel !== "voice") throw new NotFound("There is no such call.");
    // Without a call service no call is live: what remains of one is its ended record.
    const view = deps.calls?.view(id) ?? { state: "ended" as const, ringing: false };
    return {
      id,
      agentId: i.agentId,
      number: i.customerAddress,
      state: view.state,
      ringing: view.state === "dialing" && view.ringing,
      createdAt: i.createdAt,
    };
  };

  api.openapi(callRoutes.place, async (c) => {
    const { agent, number } = c.req.valid("json");
    const user = dialler(deps, agent);
    const who = { id: user.id, name: user.fullName, extension: user.extension ?? "", outside: hasPermission(user, "outside_calls") };
    const interaction = await calls().dial(who, number);
    const token = c.get("token");
    recordAudit(
      db,
      tokenActor(token),
      "call.placed",
      { type: "interaction", id: interaction.id },
      { agent: user.username, number },
      clock.now(),
    );
    return c.json(callDto(interaction.id), 201);
  });

  api.openapi(callRoutes.read, (c) => c.json(callDto(c.req.valid("param").id), 200));
}
