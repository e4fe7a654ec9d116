import type { AuthEvents } from "./auth/index.ts";
import type { CallEvents } from "./calls/index.ts";
import type { ChatEvents } from "./chat/index.ts";
import type { SalesforceEvents } from "./integrations/salesforce/index.ts";
import type { PhoneEvents } from "./phone/index.ts";
import type { PresenceEvents } from "./presence/index.ts";
import type { RoutingEvents } from "./routing/index.ts";
import type { TrunkEvents } from "./trunk/index.ts";

/**
 * The app's event catalogue: every module's events merged. The app's bus is `EventBus<AppEvents>`; a module
 * types its own bus with its events and those of the modules below it. docs/ARCHITECTURE.md has the table.
 */
export type AppEvents = AuthEvents &
  CallEvents &
  ChatEvents &
  PhoneEvents &
  PresenceEvents &
  RoutingEvents &
  SalesforceEvents &
  TrunkEvents;

export type AppEvent = keyof AppEvents;

/** Every event name, for the documentation check; tsc refuses a name missing here or unknown to the catalogue. */
export const APP_EVENTS = [
  "agent.state_changed",
  "user.signed_out",
  "interaction.queued",
  "interaction.started",
  "interaction.accepted",
  "interaction.ended",
  "interaction.wrapped_up",
  "interaction.transferred",
  "interaction.transfer_requested",
  "interaction.transfer_failed",
  "interaction.overflowed",
  "queue.left",
  "offer.created",
  "offer.closed",
  "chat_message.created",
  "conversation.typed",
  "conversation.agent_joined",
  "conversation.ended",
  "internal_message.created",
  "internal_message.read",
  "call.updated",
  "call.notice",
  "phone.state_changed",
  "trunk.updated",
  "agent.notice",
] as const satisfies readonly AppEvent[];

type Unlisted = Exclude<AppEvent, (typeof APP_EVENTS)[number]>;
/** Fails to compile when an event of the catalogue is missing from APP_EVENTS (the error names it). */
export const EVERY_EVENT_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * Two modules declaring the same event name would merge their payloads silently: this fails to compile then.
 * Each pair of catalogues must have no name in common.
 */
type Catalogues = [AuthEvents, CallEvents, ChatEvents, PhoneEvents, PresenceEvents, RoutingEvents, SalesforceEvents, TrunkEvents];
type Shared<L extends unknown[]> = L extends [infer H, ...infer T] ? (keyof H & { [I in keyof T]: keyof T[I] }[number]) | Shared<T> : never;
export const NO_EVENT_DECLARED_TWICE: [Shared<Catalogues>] extends [never] ? true : Shared<Catalogues> = true;
