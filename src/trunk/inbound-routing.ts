import { asc, eq } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { findUser, usersWithExtension } from "../auth/index.ts";
import { type Db, type Tx, transaction } from "../db/index.ts";
import { findQueue, listQueues } from "../routing/index.ts";
import { newId, NotFound, ValidationError } from "../shared/index.ts";
import { ANY_DID, cleanDid, type InboundRouteInput } from "./inbound-route-form.ts";
import { sipInboundRoutes } from "./schema.ts";

/** Where a call to a number goes: a voice queue, or one agent by extension. */
export type RouteTarget =
  | { readonly kind: "queue"; readonly queueId: string; readonly name: string }
  | { readonly kind: "agent"; readonly userId: string; readonly name: string; readonly extension: string };

/** `target` is null when it can no longer take calls (its queue left the voice channel, its agent lost the extension). */
export type InboundRoute = { readonly id: string; readonly did: string; readonly label: string; readonly target: RouteTarget | null };
type Targets = ReturnType<typeof routeTargets>;

/** What a route may point at: voice queues, and agents and supervisors who have an extension. */
export function routeTargets(db: Db | Tx): { queues: RouteTarget[]; agents: RouteTarget[] } {
  const voice = listQueues(db, "voice");
  const people = usersWithExtension(db);
  return {
    queues: voice.map((q) => ({ kind: "queue", queueId: q.id, name: q.name })),
    agents: people.map((u) => ({ kind: "agent", userId: u.id, name: u.fullName, extension: u.extension ?? "" })),
  };
}

type Row = typeof sipInboundRoutes.$inferSelect;

function toRoute(targets: Targets, row: Row): InboundRoute {
  const target =
    row.targetKind === "queue"
      ? targets.queues.find((t) => t.kind === "queue" && t.queueId === row.queueId)
      : targets.agents.find((t) => t.kind === "agent" && t.userId === row.userId);
  return { id: row.id, did: row.did, label: row.label, target: target ?? null };
}

/** One route's target, read by its id alone (this runs for every inbound call). */
function targetOf(db: Db, row: Row): RouteTarget | null {
  if (row.targetKind === "queue") {
    const q = row.queueId ? findQueue(db, row.queueId) : undefined;
    return q?.channel === "voice" ? { kind: "queue", queueId: q.id, name: q.name } : null;
  }
  const u = row.userId ? findUser(db, row.userId) : undefined;
  return u && u.role !== "admin" && u.extension ? { kind: "agent", userId: u.id, name: u.fullName, extension: u.extension } : null;
}

/** Every route with its target, the exact numbers first (by number), the "*" route last. */
export function listInboundRoutes(db: Db): InboundRoute[] {
  const targets = routeTargets(db);
  const routes = db
    .select()
    .from(sipInboundRoutes)
    .orderBy(asc(sipInboundRoutes.did))
    .all()
    .map((r) => toRoute(targets, r));
  return [...routes.filter((r) => r.did !== ANY_DID), ...routes.filter((r) => r.did === ANY_DID)];
}

export function getInboundRoute(db: Db, id: string): InboundRoute {
  const row = db.select().from(sipInboundRoutes).where(eq(sipInboundRoutes.id, id)).get();
  if (!row) throw new NotFound("There is no such inbound route.");
  return toRoute(routeTargets(db), row);
}

/**
 * The route for a dialled number (the call layer passes the Request-URI or To user part): the exact
 * number first, then "*". Null when neither exists, or when the target is no longer a voice queue or an
 * agent with an extension.
 */
export function resolveInboundRoute(db: Db, did: string): RouteTarget | null {
  const cleaned = cleanDid(did);
  for (const key of cleaned && cleaned !== ANY_DID ? [cleaned, ANY_DID] : [ANY_DID]) {
    const row = db.select().from(sipInboundRoutes).where(eq(sipInboundRoutes.did, key)).get();
    if (row) return targetOf(db, row);
  }
  return null;
}

/** Checks the number is free and the target exists and may take calls; returns the columns to store. */
function checked(tx: Tx, input: InboundRouteInput, selfId?: string) {
  const fields: Record<string, string> = {};
  const same = tx.select({ id: sipInboundRoutes.id }).from(sipInboundRoutes).where(eq(sipInboundRoutes.did, input.did)).get();
  if (same && same.id !== selfId)
    fields.did = input.did === ANY_DID ? "There is already a route for any other number (*)" : `${input.did} already has a route`;
  const targets = routeTargets(tx);
  const { kind, id } = input.target;
  const found =
    kind === "queue"
      ? targets.queues.some((t) => t.kind === "queue" && t.queueId === id)
      : targets.agents.some((t) => t.kind === "agent" && t.userId === id);
  if (!found) fields.target = kind === "queue" ? "Choose a voice queue" : "Choose an agent who has an extension";
  if (Object.keys(fields).length) throw new ValidationError("Please correct the highlighted fields.", fields);
  return {
    did: input.did,
    label: input.label,
    targetKind: kind,
    queueId: kind === "queue" ? id : null,
    userId: kind === "agent" ? id : null,
  };
}

export function createInboundRoute(db: Db, input: InboundRouteInput, actor: Actor, now: number): string {
  const id = newId();
  transaction(db, (tx) => {
    const columns = checked(tx, input);
    tx.insert(sipInboundRoutes)
      .values({ id, ...columns, createdAt: now, updatedAt: now })
      .run();
    recordAudit(tx, actor, "trunk_route.created", { type: "trunk_route", id }, columns, now);
  });
  return id;
}

export function updateInboundRoute(db: Db, id: string, input: InboundRouteInput, actor: Actor, now: number): void {
  getInboundRoute(db, id);
  transaction(db, (tx) => {
    const columns = checked(tx, input, id);
    tx.update(sipInboundRoutes)
      .set({ ...columns, updatedAt: now })
      .where(eq(sipInboundRoutes.id, id))
      .run();
    recordAudit(tx, actor, "trunk_route.updated", { type: "trunk_route", id }, columns, now);
  });
}

export function deleteInboundRoute(db: Db, id: string, actor: Actor, now: number): void {
  const route = getInboundRoute(db, id);
  transaction(db, (tx) => {
    tx.delete(sipInboundRoutes).where(eq(sipInboundRoutes.id, id)).run();
    recordAudit(tx, actor, "trunk_route.deleted", { type: "trunk_route", id }, { did: route.did }, now);
  });
}
