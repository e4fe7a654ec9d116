import { describe, expect, test } from "bun:test";
import { PortPool } from "./port-pool.ts";

describe("RTP port pool", () => {
  test("hands out even ports whose odd neighbour is still inside the range, until none is left", () => {
    const pool = new PortPool({ first: 30001, last: 30008 });
    expect([pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()]).toEqual([30002, 30004, 30006, null]);
    expect(pool.inUse).toBe(3);
  });

  test("a released port goes to the back of the line; releasing a port twice or one never given changes nothing", () => {
    const pool = new PortPool({ first: 30000, last: 30005 });
    const first = pool.allocate();
    pool.allocate();
    pool.release(first!);
    pool.release(first!);
    pool.release(31000);
    expect(pool.available).toBe(2);
    expect([pool.allocate(), pool.allocate(), pool.allocate()]).toEqual([30004, 30000, null]);
  });

  test.each([[{ first: 80, last: 2000 }], [{ first: 60000, last: 70000 }], [{ first: 30001, last: 30002 }]])(
    "a range that cannot hold a pair inside 1024–65535 is refused: %o",
    (range) => {
      expect(() => new PortPool(range)).toThrow(RangeError);
    },
  );
});
