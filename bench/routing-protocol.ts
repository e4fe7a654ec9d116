/** What bench/routing.ts and its appliance process (bench/routing-server.ts) say to each other over Bun IPC. */
export type EnqueueItem = { seq: number; queueId: string };
export type Enqueued = { seq: number; id: string; t: number };
export type ToServer = { type: "clock" } | { type: "enqueue"; items: EnqueueItem[] };
export type FromServer = { type: "ready" } | { type: "clock"; t: number } | { type: "enqueued"; results: Enqueued[]; busyMs: number };

/** Epoch milliseconds with sub-millisecond precision, comparable between the two processes. */
export const preciseNow = () => performance.timeOrigin + performance.now();
/** The customer name carries the sequence number, so an agent can tell which interaction an offer card is. */
export const customerName = (seq: number) => `Customer ${seq}`;
