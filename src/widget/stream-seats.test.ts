import { expect, test } from "bun:test";
import { StreamSeats } from "./stream-seats.ts";

/** Many addresses together, each under its own cap, still cannot hold more streams than the box's total (Q6). */
test("past the total, a new stream from any address is refused with 503; a replaced one or a freed seat lets it in", () => {
  const seats = new StreamSeats(1, 5, 3);
  const releases = ["127.0.0.2", "127.0.0.3", "127.0.0.4"].map((a, i) => seats.take(`chat-${i}`, a, () => {}));
  let refused: unknown;
  try {
    seats.take("chat-9", "127.0.0.9", () => {});
  } catch (err) {
    refused = err;
  }
  expect(refused).toMatchObject({ status: 503, message: expect.stringContaining("at capacity") });
  // A reload of a chat that already holds its one seat replaces its oldest: the total does not grow.
  let closed = 0;
  seats.take("chat-0", "127.0.0.2", () => closed++);
  seats.take("chat-0", "127.0.0.2", () => closed++);
  expect(closed).toBe(1);
  releases[1]?.();
  expect(() => seats.take("chat-9", "127.0.0.9", () => {})).not.toThrow();
});
