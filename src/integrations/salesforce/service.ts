import type { Db } from "../../db/index.ts";
import type { Interaction, Routing, RoutingEvents } from "../../routing/index.ts";
import { getSettings, type SalesforceSettings } from "../../settings/index.ts";
import { type Clock, type EventBus, type Logger, oneAtATime } from "../../shared/index.ts";
import { probe, type SfContact } from "./client.ts";
import type { SalesforceEvents } from "./events.ts";
import { createSfSession, isConfigured, NO_ANSWER, short, TimeoutError } from "./session.ts";
import { dueTasks, enqueueTask, linkContact, linkedContact, markTaskFailed, markTaskSent, type TaskRow } from "./outbox.ts";

/** A lookup shows for this long before Salesforce is asked again (agents reopen tabs; offers re-ring). */
export const LOOKUP_CACHE_MS = 60_000;
const POLL_MS = 30_000;
const CACHE_MAX = 500;

export type Lookup = { field: string; value: string };
export type PopResult =
  | { kind: "off" }
  | { kind: "no-key"; source: string }
  | { kind: "error"; message: string }
  | { kind: "found"; lookup: Lookup; contacts: SfContact[]; linked: string | null; instanceUrl: string };

export type SalesforceService = ReturnType<typeof createSalesforceService>;

type Options = { db: Db; clock: Clock; log: Logger; bus: EventBus<SalesforceEvents & RoutingEvents>; routing: Routing };

/** The interaction's value the Contact is looked up by, or why there is none. */
export function lookupOf(s: SalesforceSettings, i: Interaction): Lookup | { missing: string } | null {
  const rule = i.channel === "voice" || i.channel === "chat" ? s.lookup[i.channel] : null;
  if (!rule || i.direction === "internal") return null;
  let value = "";
  if (rule.source === "address") value = i.customerAddress;
  else {
    const attached = JSON.parse(i.attachedData || "{}") as Record<string, unknown>;
    value = typeof attached[rule.source] === "string" ? (attached[rule.source] as string) : "";
  }
  return value ? { field: rule.field, value } : { missing: rule.source === "address" ? "the customer's address" : rule.source };
}

/** Screen-pop lookups, Create contact and the call-log outbox (FEATURES I1), all through jsforce. */
export function createSalesforceService(opts: Options) {
  const { db, clock, log } = opts;
  const settings = () => getSettings(db).salesforce;
  const session = createSfSession(clock, settings);
  const { withClient } = session;
  const cache = new Map<string, { at: number; contacts: Promise<SfContact[]> }>();
  let timer: ReturnType<Clock["setTimeout"]> | null = null;
  let stopped = true;

  function cachedContacts(lookup: Lookup): Promise<SfContact[]> {
    const key = `${lookup.field}\u0000${lookup.value}`;
    const hit = cache.get(key);
    if (hit && clock.now() - hit.at < LOOKUP_CACHE_MS) return hit.contacts;
    const contacts = withClient((c) => c.findContacts(lookup.field, lookup.value));
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: clock.now(), contacts });
    contacts.catch(() => cache.get(key)?.contacts === contacts && cache.delete(key));
    return contacts;
  }

  async function pop(interactionId: string): Promise<PopResult> {
    const s = settings();
    if (!isConfigured(s)) return { kind: "off" };
    const lookup = lookupOf(s, opts.routing.get(interactionId));
    if (!lookup) return { kind: "off" };
    if ("missing" in lookup) return { kind: "no-key", source: lookup.missing };
    try {
      const contacts = await cachedContacts(lookup);
      let linked = linkedContact(db, interactionId);
      const only = contacts.length === 1 ? contacts[0] : undefined;
      if (!linked && only) {
        linkContact(db, interactionId, only.id, clock.now());
        linked = only.id;
      }
      const instanceUrl = await session.instanceUrl();
      return { kind: "found", lookup, contacts, linked, instanceUrl };
    } catch (err) {
      log.warn("salesforce lookup failed", { interactionId, err: String(err) });
      return {
        kind: "error",
        message: err instanceof TimeoutError ? NO_ANSWER : `Salesforce refused the lookup (${short(err)}); the interaction goes on.`,
      };
    }
  }

  /** An offer starts the lookup in the background, so the section usually has its answer by the time of Accept. */
  function warm(interactionId: string): void {
    const s = settings();
    if (!isConfigured(s)) return;
    const lookup = lookupOf(s, opts.routing.get(interactionId));
    if (lookup && !("missing" in lookup)) cachedContacts(lookup).catch(() => {});
  }

  function forget(lookup: Lookup): void {
    cache.delete(`${lookup.field}\u0000${lookup.value}`);
  }

  async function createContact(interactionId: string, names: { firstName: string; lastName: string }): Promise<string> {
    const s = settings();
    const lookup = lookupOf(s, opts.routing.get(interactionId));
    const fields: Record<string, string> = { LastName: names.lastName };
    if (names.firstName) fields.FirstName = names.firstName;
    // The new Contact carries the value it was looked up by, so the next interaction finds it.
    if (lookup && !("missing" in lookup) && !lookup.field.includes(".")) fields[lookup.field] = lookup.value;
    const id = await withClient((c) => c.createContact(fields));
    linkContact(db, interactionId, id, clock.now());
    if (lookup && !("missing" in lookup)) forget(lookup);
    return id;
  }

  /** Queues the call/chat log of an interaction the agent finished (wrap-up sent, or ended without one). */
  function logInteraction(interactionId: string, agentId: string, disposition: string | null, notes: string): void {
    const s = settings();
    if (!isConfigured(s)) return;
    const i = opts.routing.get(interactionId);
    const lookup = lookupOf(s, i);
    if (!lookup || "missing" in lookup) return;
    const end = i.endedAt ?? clock.now();
    const durationS = Math.max(0, Math.round((end - (i.acceptedAt ?? end)) / 1000));
    const what = i.channel === "voice" ? "Call" : "Chat";
    enqueueTask(
      db,
      {
        interactionId,
        agentId,
        contactId: linkedContact(db, interactionId),
        lookupField: lookup.field,
        lookupValue: lookup.value,
        channel: i.channel,
        subject: `${what} with ${i.customerName || lookup.value}`.slice(0, 255),
        disposition,
        notes,
        durationS,
      },
      clock.now(),
    );
    if (!stopped) queueMicrotask(() => void flush());
  }

  async function deliver(row: TaskRow): Promise<void> {
    try {
      let whoId = row.contactId ?? linkedContact(db, row.interactionId);
      if (!whoId) {
        const found = await withClient((c) => c.findContacts(row.lookupField, row.lookupValue));
        if (found.length !== 1) {
          const why = `${found.length ? "several Contacts" : "no Contact"} match ${row.lookupField} = ${row.lookupValue}`;
          markTaskFailed(db, row, why, clock.now(), true);
          return gaveUp(row, why);
        }
        whoId = found[0]?.id ?? "";
      }
      const day = new Date(clock.now()).toISOString().slice(0, 10);
      const taskId = await withClient((c) =>
        c.createTask({
          whoId,
          subject: row.subject,
          channel: row.channel,
          disposition: row.disposition,
          notes: row.notes,
          durationS: row.durationS,
          day,
        }),
      );
      markTaskSent(db, row, taskId, whoId, clock.now());
      log.info("salesforce task written", { interactionId: row.interactionId, taskId });
    } catch (err) {
      const error = err instanceof TimeoutError ? "Salesforce did not answer" : short(err);
      if (markTaskFailed(db, row, error, clock.now())) gaveUp(row, error);
      else log.warn("salesforce task failed, will retry", { interactionId: row.interactionId, attempts: row.attempts + 1, error });
    }
  }

  function gaveUp(row: TaskRow, why: string): void {
    log.error("salesforce task not written", { interactionId: row.interactionId, why });
    const message = `The Salesforce log of "${row.subject}" could not be written: ${why}.`;
    // The console shows it as a flash (src/console/stream/live.ts).
    if (row.agentId) opts.bus.publish("agent.notice", { agentId: row.agentId, message, kind: "error" });
  }

  /** One pass at a time; a flush asked for during a pass runs another pass right after it. */
  const flush = oneAtATime(async () => {
    try {
      for (const row of dueTasks(db, clock.now())) await deliver(row);
    } catch (err) {
      log.error("salesforce delivery pass failed", { err });
    }
  });

  function schedule(): void {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      timer = null;
      void flush().finally(schedule);
    }, POLL_MS);
  }

  const unsubscribe: (() => void)[] = [];
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log.error("salesforce log not queued", { err });
    }
  };

  return {
    pop,
    createContact,
    link: (interactionId: string, contactId: string) => linkContact(db, interactionId, contactId, clock.now()),
    configured: () => isConfigured(settings()),
    /** Signs in and runs one query: what the admin's Test connection button reports. */
    async test(): Promise<string> {
      session.reset();
      return withClient(probe);
    },
    flush,
    start(): void {
      if (!stopped) return;
      stopped = false;
      unsubscribe.push(
        opts.bus.subscribe("interaction.wrapped_up", (p) =>
          safely(() => logInteraction(p.interactionId, p.agentId, p.disposition, p.notes ?? "")),
        ),
        opts.bus.subscribe("offer.created", (p) => safely(() => warm(p.interactionId))),
        opts.bus.subscribe("interaction.ended", ({ interactionId, agentId, wrapUp }) => {
          if (!wrapUp && agentId) safely(() => logInteraction(interactionId, agentId, null, ""));
        }),
      );
      void flush();
      schedule();
    },
    stop(): void {
      stopped = true;
      for (const u of unsubscribe.splice(0)) u();
      if (timer) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
