import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  createUser,
  getUser,
  inputFromUser,
  NEW_USER_DEFAULTS,
  parsePermissions,
  readUserInput,
  setUsersDisabled,
  type User as StoredUser,
  type UserInput,
  updateUser,
  USER_STATES,
  usersAfter,
} from "../auth/index.ts";
import { ROLES } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import { getSettings } from "../settings/index.ts";
import { FormReader } from "../shared/index.ts";
import { needs, tokenActor } from "./auth.ts";
import { decodeCursor, PageQuery, pageOf, pageSchema } from "./cursor.ts";
import type { ApiEnv } from "./env.ts";
import { jsonAnswer, jsonBody } from "./describe.ts";
import { errorResponses } from "./errors.ts";
import { CreatedUser, IdParam, NewUser, User, UserChanges } from "./schemas.ts";

export const userRoutes = {
  list: createRoute({
    method: "get",
    path: "/users",
    operationId: "listUsers",
    tags: ["Users"],
    summary: "List users and agents, by username",
    middleware: [needs("users:read")] as const,
    request: {
      query: z.object({
        ...PageQuery,
        role: z.enum(ROLES).optional(),
        state: z.enum(USER_STATES).optional(),
        search: z.string().max(100).optional().openapi({ description: "Part of a name, username, alias, email or extension." }),
      }),
    },
    responses: { 200: jsonAnswer(pageSchema(User, "UserPage"), "One page of users."), ...errorResponses() },
  }),
  read: createRoute({
    method: "get",
    path: "/users/{id}",
    operationId: "getUser",
    tags: ["Users"],
    summary: "Read one user",
    middleware: [needs("users:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(User, "The user."), ...errorResponses(404) },
  }),
  create: createRoute({
    method: "post",
    path: "/users",
    operationId: "createUser",
    tags: ["Users"],
    summary: "Create a user (a welcome mail goes to their email address)",
    middleware: [needs("users:write")] as const,
    request: { body: jsonBody(NewUser) },
    responses: { 201: jsonAnswer(CreatedUser, "The new user."), ...errorResponses(422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/users/{id}",
    operationId: "updateUser",
    tags: ["Users"],
    summary: "Change some fields of a user",
    middleware: [needs("users:write")] as const,
    request: { params: IdParam, body: jsonBody(UserChanges) },
    responses: { 200: jsonAnswer(User, "The user as saved."), ...errorResponses(404, 409, 422) },
  }),
  disable: createRoute({
    method: "post",
    path: "/users/{id}/disable",
    operationId: "disableUser",
    tags: ["Users"],
    summary: "Disable a user (signs them out everywhere)",
    middleware: [needs("users:write")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(User, "The disabled user."), ...errorResponses(404, 409) },
  }),
};

export function userDto(u: StoredUser): z.infer<typeof User> {
  const { id, username, fullName, alias, email, role, extension, description, typology } = u;
  const { disabled, locked, loginNotReady, capChat, createdAt, updatedAt } = u;
  return {
    ...{ id, username, fullName, alias, email, role, extension, description, typology },
    ...{ disabled, locked, loginNotReady, capChat, createdAt, updatedAt },
    permissions: parsePermissions(u.permissions),
  };
}

/** A JSON user as the admin form would post it, so both pass exactly the same checks (readUserInput). */
function asForm(input: Partial<UserInput>): FormReader {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === null || v === undefined) continue;
    raw[k] = typeof v === "boolean" ? (v ? "on" : "") : Array.isArray(v) ? v : String(v);
  }
  return new FormReader(raw);
}

function checkedInput(values: Partial<UserInput>): UserInput {
  const form = asForm(values);
  const input = readUserInput(form);
  form.done();
  return input;
}

export function mountUserRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const welcome = () => ({ mail: deps.mail, baseUrl: deps.baseUrl(), centerName: getSettings(db).centerName });

  api.openapi(userRoutes.list, (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const after = decodeCursor(cursor, z.string());
    const page = pageOf(usersAfter(db, filter, after, limit + 1), limit, (u) => u.username);
    return c.json({ items: page.items.map(userDto), nextCursor: page.nextCursor }, 200);
  });

  api.openapi(userRoutes.read, (c) => c.json(userDto(getUser(db, c.req.valid("param").id)), 200));

  api.openapi(userRoutes.create, (c) => {
    const fields = c.req.valid("json");
    const input = checkedInput({ ...NEW_USER_DEFAULTS, ...fields });
    const created = createUser(db, input, { actor: tokenActor(c.get("token")), now: clock.now(), welcome: welcome() });
    const user = userDto(getUser(db, created.id));
    return c.json({ user, setPasswordLink: created.setPasswordLink, sipSecret: created.sipSecret }, 201);
  });

  api.openapi(userRoutes.update, (c) => {
    const { id } = c.req.valid("param");
    const input = checkedInput({ ...inputFromUser(getUser(db, id)), ...c.req.valid("json") });
    updateUser(db, id, input, { actor: tokenActor(c.get("token")), now: clock.now() });
    return c.json(userDto(getUser(db, id)), 200);
  });

  api.openapi(userRoutes.disable, (c) => {
    const { id } = c.req.valid("param");
    getUser(db, id);
    setUsersDisabled(db, [id], true, { actor: tokenActor(c.get("token")), now: clock.now() });
    return c.json(userDto(getUser(db, id)), 200);
  });
}
