/** Kernel with no domain knowledge: errors, clock, events, logging, ids, validation helpers. */
export * from "./clock.ts";
export * from "./csv.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./ids.ts";
export * from "./log.ts";
export * from "./metrics.ts";
export * from "./sse-hub.ts";
export * from "./validate.ts";
export * from "./disk.ts";
export * from "./periodic.ts";
export { type Change, changesBetween } from "./changes.ts";
export * from "./time-zone.ts";
export * from "./one-at-a-time.ts";
export * from "./mask-address.ts";
