import { describe, expect, test } from "bun:test";
import { type Candidate, pickAgents } from "./strategies.ts";

const c = (userId: string, idleSince: number, handledToday = 0): Candidate => ({ userId, idleSince, handledToday });
const ctx = { memberOrder: ["a", "b", "c", "d"], random: () => 0.6 };

describe("routing strategies (FEATURES R1)", () => {
  const all = [c("a", 300, 5), c("b", 100, 2), c("c", 200, 2)];
  test("ring-all offers everyone", () => expect(pickAgents("ring-all", all, ctx)).toEqual(["a", "b", "c"]));
  test("longest-idle picks the earliest idle", () => expect(pickAgents("longest-idle", all, ctx)).toEqual(["b"]));
  test("fewest-today picks the fewest handled, longest idle on a tie", () => {
    expect(pickAgents("fewest-today", all, ctx)).toEqual(["b"]);
    expect(pickAgents("fewest-today", [c("a", 1, 9), c("c", 50, 1)], ctx)).toEqual(["c"]);
  });
  test("random uses the injected source", () => expect(pickAgents("random", all, ctx)).toEqual(["b"]));
  test("round-robin continues after the last offered member and wraps around", () => {
    expect(pickAgents("round-robin", all, { ...ctx, lastOffered: "a" })).toEqual(["b"]);
    expect(pickAgents("round-robin", all, { ...ctx, lastOffered: "c" })).toEqual(["a"]);
    expect(pickAgents("round-robin", [c("a", 1), c("c", 1)], { ...ctx, lastOffered: "a" })).toEqual(["c"]);
  });
  test("no candidates, no pick", () => expect(pickAgents("longest-idle", [], ctx)).toEqual([]));
});
