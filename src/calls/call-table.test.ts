import { afterEach, describe, expect, test } from "bun:test";
import { callKit } from "../../tests/support/kits/call.ts";
import type { DialogId } from "../sip/index.ts";
import { CallTable } from "./call-table.ts";

/** The endpoint's dialog table as the call table uses it: which dialogs it holds. */
function dialogTable() {
  const held = new Set<string>();
  return {
    held,
    add: (id: DialogId) => {
      held.add(id.callId);
      return () => held.delete(id.callId);
    },
    remove: (id: DialogId) => void held.delete(id.callId),
  };
}
const noRequests = {};

let kit = callKit();
afterEach(() => {
  kit.close();
  kit = callKit();
});

describe("the call table", () => {
  test("finds an adopted call by its Call-ID and by the interaction it was attached to, before or after adoption", async () => {
    const table = new CallTable(dialogTable());
    const [early, late] = [await kit.call("queued", "call-1"), await kit.call("dialing", "call-2")];
    table.attach(early, "i-1");
    table.adopt(early, noRequests);
    table.adopt(late, noRequests);
    table.attach(late, "i-2");
    expect([table.byCallId("call-1"), table.byInteraction("i-1")]).toEqual([early, early]);
    expect([table.byCallId("call-2"), table.byInteraction("i-2")]).toEqual([late, late]);
    expect(table.byCallId("call-3")).toBeUndefined();
    expect(table.size).toBe(2);
    expect([...table]).toEqual([early, late]);
  });

  test("forgets a call once: the second forget says it was already handled, and neither index finds it", async () => {
    const table = new CallTable(dialogTable());
    const call = await kit.call("queued", "call-1");
    table.attach(call, "i-1");
    table.adopt(call, noRequests);
    expect(table.forget(call)).toBe(true);
    expect(table.forget(call)).toBe(false);
    expect([table.byCallId("call-1"), table.byInteraction("i-1"), table.size]).toEqual([undefined, undefined, 0]);
  });

  test("a held call's dialog is in the endpoint's dialog table until the call is forgotten", async () => {
    const dialogs = dialogTable();
    const table = new CallTable(dialogs);
    const call = await kit.call("queued", "call-1");
    table.adopt(call, noRequests);
    expect([...dialogs.held]).toEqual(["call-1"]);
    table.forget(call);
    expect([...dialogs.held]).toEqual([]);
  });

  test("a call taken from its interaction (transferred out) still answers to its Call-ID", async () => {
    const table = new CallTable(dialogTable());
    const call = await kit.call("queued", "call-1");
    table.attach(call, "i-1");
    table.adopt(call, noRequests);
    expect(table.detach(call)).toBe("i-1");
    expect([table.byInteraction("i-1"), table.byCallId("call-1"), call.interactionId]).toEqual([undefined, call, ""]);
    table.unlinkInteraction("i-2");
    expect(table.forget(call)).toBe(true);
  });

  test("an interaction that ended while its call plays a last announcement no longer finds the call, which is still held by its Call-ID", async () => {
    const table = new CallTable(dialogTable());
    const old = await kit.call("queued", "call-1");
    table.attach(old, "i-1");
    table.adopt(old, noRequests);
    table.unlinkInteraction("i-1");
    expect([table.byInteraction("i-1"), table.byCallId("call-1")]).toEqual([undefined, old]);
    expect(table.forget(old)).toBe(true);
  });

  test("iterating while forgetting sees every call that was held when it began", async () => {
    const table = new CallTable(dialogTable());
    const calls = [await kit.call("queued"), await kit.call("queued"), await kit.call("queued")];
    for (const call of calls) table.adopt(call, noRequests);
    const seen = [];
    for (const call of table) {
      seen.push(call);
      table.forget(call);
    }
    expect(seen).toEqual(calls);
    expect(table.size).toBe(0);
  });

  test("a second interaction for a held call is refused and the table keeps the first", async () => {
    const table = new CallTable(dialogTable());
    const call = await kit.call("queued", "call-1");
    table.adopt(call, noRequests);
    table.attach(call, "i-1");
    expect(() => table.attach(call, "i-2")).toThrow("This call already belongs to an interaction.");
    expect([table.byInteraction("i-1"), table.byInteraction("i-2")]).toEqual([call, undefined]);
  });
});
