import { z } from "@hono/zod-openapi";
import { AGENT_STATES } from "../presence/index.ts";
import { CHANNELS, DIRECTIONS, INTERACTION_STATUSES } from "../routing/index.ts";
import { NOTIFY_POSITIONS, PERMISSIONS, ROLES, TYPOLOGIES } from "../auth/index.ts";

export const Id = z.string().min(1).max(64);
export const IdParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" }, example: "0f6c0d4e-6f3b-4d1a-9d8e-2b1c3a4d5e6f" }) });

export const User = z
  .object({
    id: z.string(),
    username: z.string(),
    fullName: z.string(),
    alias: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    extension: z.string().nullable(),
    description: z.string(),
    typology: z.enum(TYPOLOGIES),
    disabled: z.boolean(),
    locked: z.boolean(),
    loginNotReady: z.boolean(),
    capChat: z.number().int(),
    permissions: z.array(z.enum(PERMISSIONS)),
    createdAt: z.number().int().openapi({ description: "Milliseconds since 1970 (UTC)." }),
    updatedAt: z.number().int(),
  })
  .openapi("User");

/** What a client may set on a user; the same rules as the admin form apply on top of these types. */
export const UserFields = z.object({
  fullName: z.string().max(200),
  username: z.string().max(200),
  role: z.enum(ROLES),
  alias: z.string().max(200).optional(),
  email: z.string().max(300).optional(),
  extension: z.string().max(20).optional().openapi({ description: "Digits; empty or absent assigns the next free one." }),
  description: z.string().max(1000).optional(),
  typology: z.enum(TYPOLOGIES).optional(),
  loginNotReady: z.boolean().optional(),
  notifyPosition: z.enum(NOTIFY_POSITIONS).optional(),
  maskSensitive: z.boolean().optional(),
  capChat: z.number().int().min(0).max(50).optional(),
  autoAnswerVoice: z.number().int().min(0).max(60).nullable().optional(),
  autoAnswerChat: z.number().int().min(0).max(60).nullable().optional(),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
});
export const NewUser = UserFields.strict().openapi("NewUser");
export const UserChanges = UserFields.partial().strict().openapi("UserChanges");
export const CreatedUser = z
  .object({
    user: User,
    setPasswordLink: z.string().nullable().openapi({ description: "One-time link to hand over when the user has no email address." }),
    sipSecret: z.string().nullable().openapi({ description: "Digest secret of a SIP-phone user, shown this once." }),
  })
  .openapi("CreatedUser");

export const Department = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(CHANNELS),
    strategy: z.string(),
    priority: z.number().int(),
  })
  .openapi("Department");
export const Member = z
  .object({ userId: z.string(), username: z.string(), fullName: z.string(), role: z.enum(ROLES), disabled: z.boolean() })
  .openapi("DepartmentMember");
export const MemberList = z.object({ items: z.array(Member) }).openapi("DepartmentMembers");

export const AgentStateBody = z
  .object({
    userId: z.string(),
    state: z.enum(AGENT_STATES),
    reason: z.string().nullable(),
    since: z.number().int(),
    pausedChannels: z.array(z.enum(CHANNELS)),
  })
  .openapi("AgentState");
export const AgentStateChange = z
  .object({
    state: z.enum(["ready", "not_ready", "logout"]),
    reason: z.string().max(200).optional().openapi({ description: "Required for not_ready: one of the admin's Not Ready reasons." }),
  })
  .strict()
  .openapi("AgentStateChange");

export const QueueFigures = z
  .object({
    departmentId: z.string(),
    name: z.string(),
    channel: z.enum(CHANNELS),
    waiting: z.number().int(),
    longestWaitMs: z.number().int().nullable(),
    handledToday: z.number().int(),
    serviceLevelPercent: z.number().nullable(),
    readyAgents: z.number().int(),
  })
  .openapi("QueueFigures");
export const QueueFiguresList = z.object({ items: z.array(QueueFigures), serviceLevelMs: z.number().int() }).openapi("QueueFiguresList");

export const Interaction = z
  .object({
    id: z.string(),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    status: z.enum(INTERACTION_STATUSES),
    departmentId: z.string().nullable(),
    agentId: z.string().nullable(),
    customerName: z.string(),
    customerAddress: z.string(),
    subject: z.string(),
    attachedData: z.record(z.string(), z.unknown()),
    createdAt: z.number().int(),
    queuedAt: z.number().int().nullable(),
    acceptedAt: z.number().int().nullable(),
    endedAt: z.number().int().nullable(),
    endReason: z.string().nullable(),
    disposition: z.string().nullable(),
  })
  .openapi("Interaction");
