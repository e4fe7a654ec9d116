/** Queues (departments) and, in later work, the routing engine (FEATURES A4, R). */
export { type Queue, queuesOfUser } from "./queues.ts";
export * from "./schema.ts";
