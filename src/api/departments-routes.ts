import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getUser } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import { addQueueMember, getQueue, listQueueMembers, listQueues, type Queue, removeQueueMember } from "../routing/index.ts";
import { needs, tokenActor } from "./auth.ts";
import { decodeCursor, PageQuery, pageOf, pageSchema } from "./cursor.ts";
import type { ApiEnv } from "./env.ts";
import { jsonAnswer } from "./describe.ts";
import { errorResponses } from "./errors.ts";
import { Department, Id, IdParam, MemberList } from "./schemas.ts";

const MemberParams = z.object({
  id: Id.openapi({ param: { name: "id", in: "path" } }),
  userId: Id.openapi({ param: { name: "userId", in: "path" } }),
});

export const departmentRoutes = {
  list: createRoute({
    method: "get",
    path: "/departments",
    operationId: "listDepartments",
    tags: ["Departments"],
    summary: "List departments (queues), by name",
    middleware: [needs("departments:read")] as const,
    request: { query: z.object(PageQuery) },
    responses: { 200: jsonAnswer(pageSchema(Department, "DepartmentPage"), "One page of departments."), ...errorResponses() },
  }),
  read: createRoute({
    method: "get",
    path: "/departments/{id}",
    operationId: "getDepartment",
    tags: ["Departments"],
    summary: "Read one department",
    middleware: [needs("departments:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(Department, "The department."), ...errorResponses(404) },
  }),
  members: createRoute({
    method: "get",
    path: "/departments/{id}/members",
    operationId: "listDepartmentMembers",
    tags: ["Departments"],
    summary: "The agents and supervisors working in a department",
    middleware: [needs("departments:read")] as const,
    request: { params: IdParam },
    responses: { 200: jsonAnswer(MemberList, "The members, by name."), ...errorResponses(404) },
  }),
  addMember: createRoute({
    method: "put",
    path: "/departments/{id}/members/{userId}",
    operationId: "addDepartmentMember",
    tags: ["Departments"],
    summary: "Add an agent or supervisor to a department",
    middleware: [needs("departments:write")] as const,
    request: { params: MemberParams },
    responses: { 200: jsonAnswer(MemberList, "The members after the change."), ...errorResponses(404, 422) },
  }),
  removeMember: createRoute({
    method: "delete",
    path: "/departments/{id}/members/{userId}",
    operationId: "removeDepartmentMember",
    tags: ["Departments"],
    summary: "Take someone out of a department",
    middleware: [needs("departments:write")] as const,
    request: { params: MemberParams },
    responses: { 200: jsonAnswer(MemberList, "The members after the change."), ...errorResponses(404) },
  }),
};

function departmentDto(q: Queue): z.infer<typeof Department> {
  return { id: q.id, name: q.name, channel: q.channel, strategy: q.strategy, priority: q.priority };
}

export function mountDepartmentRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  api.openapi(departmentRoutes.list, (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, z.string());
    // Departments are few (an admin creates each): sorted and cut in memory.
    const all = listQueues(db).sort((a, b) => (a.name < b.name ? -1 : 1));
    const rest = after === null ? all : all.filter((q) => q.name > after);
    const page = pageOf(rest.slice(0, limit + 1), limit, (q) => q.name);
    return c.json({ items: page.items.map(departmentDto), nextCursor: page.nextCursor }, 200);
  });

  api.openapi(departmentRoutes.read, (c) => c.json(departmentDto(getQueue(db, c.req.valid("param").id)), 200));

  api.openapi(departmentRoutes.members, (c) => {
    const { id } = c.req.valid("param");
    getQueue(db, id);
    return c.json({ items: listQueueMembers(db, id) }, 200);
  });

  api.openapi(departmentRoutes.addMember, (c) => {
    const { id, userId } = c.req.valid("param");
    getUser(db, userId);
    addQueueMember(db, id, userId, tokenActor(c.get("token")), clock.now());
    return c.json({ items: listQueueMembers(db, id) }, 200);
  });

  api.openapi(departmentRoutes.removeMember, (c) => {
    const { id, userId } = c.req.valid("param");
    removeQueueMember(db, id, userId, tokenActor(c.get("token")), clock.now());
    return c.json({ items: listQueueMembers(db, id) }, 200);
  });
}
