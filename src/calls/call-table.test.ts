import { afterEach, describe, expect, test } from "bun:test";
import { callKit } from "../../tests/support/kits/call.ts";
import { CallTable } from "./call-table.ts";

let kit = callKit();
afterEach(() => {
  kit.close();
  kit = callKit();
});

describe("the call table", () => {
  test("finds an adopted call by its Call-ID and by the interaction it was attached to, before or after adoption", async () => {
    const table = new CallTable();
    const [early, late] = [await kit.call("queued", "call-1"), await kit.call("dialing", "call-2")];
    table.attach(early, "i-1");
    table.adopt(early);
    table.adopt(late);
    table.attach(late, "i-2");
    expect([table.byCallId("call-1"), table.byInteraction("i-1")]).toEqual([early, early]);
    expect([table.byCallId("call-2"), table.byInteraction("i-2")]).toEqual([late, late]);
    expect(table.byCallId("call-3")).toBeUndefined();
    expect(table.size).toBe(2);
    expect([...table]).toEqual([early, late]);
  });

  test("forgets a call once: the second forget says it was already handled, and neither index finds it", async () => {
    const table = new CallTable();
    const call = await kit.call("queued", "call-1");
    table.attach(call, "i-1");
    table.adopt(call);
    expect(table.forget(call)).toBe(true);
    expect(table.forget(call)).toBe(false);
    expect([table.byCallId("call-1"), table.byInteraction("i-1"), table.size]).toEqual([undefined, undefined, 0]);
  });

  test("a call taken from its interaction (transferred out) still answers to its Call-ID", async () => {
    const table = new CallTable();
    const call = await kit.call("queued", "call-1");
    table.attach(call, "i-1");
    table.adopt(call);
    expect(table.detach(call)).toBe("i-1");
    expect([table.byInteraction("i-1"), table.byCallId("call-1"), call.interactionId]).toEqual([undefined, call, ""]);
    table.unlinkInteraction("i-2");
    expect(table.forget(call)).toBe(true);
  });

  test("an interaction that ended while its call plays a last announcement no longer finds the call, which is still held by its Call-ID", async () => {
    const table = new CallTable();
    const old = await kit.call("queued", "call-1");
    table.attach(old, "i-1");
    table.adopt(old);
    table.unlinkInteraction("i-1");
    expect([table.byInteraction("i-1"), table.byCallId("call-1")]).toEqual([undefined, old]);
    expect(table.forget(old)).toBe(true);
  });

  test("iterating while forgetting sees every call that was held when it began", async () => {
    const table = new CallTable();
    const calls = [await kit.call("queued"), await kit.call("queued"), await kit.call("queued")];
    for (const call of calls) table.adopt(call);
    const seen = [];
    for (const call of table) {
      seen.push(call);
      table.forget(call);
    }
    expect(seen).toEqual(calls);
    expect(table.size).toBe(0);
  });

  test("a second interaction for a held call is refused and the table keeps the first", async () => {
    const table = new CallTable();
    const call = await kit.call("queued", "call-1");
    table.adopt(call);
    table.attach(call, "i-1");
    expect(() => table.attach(call, "i-2")).toThrow("This call already belongs to an interaction.");
    expect([table.byInteraction("i-1"), table.byInteraction("i-2")]).toEqual([call, undefined]);
  });
});
