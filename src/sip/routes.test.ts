import { afterEach, describe, expect, test } from "bun:test";
import { headerOf, requestText, statusOf, testEndpoint, udpPeer } from "../../tests/sip/support.ts";
import type { DialogOwner } from "./dialog-table.ts";
import type { IncomingRequest } from "./message.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** An endpoint with nothing registered, and a raw UDP client that sends it requests and reads the final answers. */
async function scene() {
  const t = await testEndpoint();
  closers.push(() => t.endpoint.close());
  const client = await udpPeer();
  closers.push(client.close);
  let branch = 0;
  /** Sends a request (a fresh transaction each time) and returns its final answer. */
  const ask = async (method: string, o: { callId?: string; toTag?: string; fromTag?: string } = {}) => {
    let text = requestText({ method, via: `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKroute${++branch};rport`, callId: o.callId });
    if (o.toTag) text = text.replace("To: <sip:service@127.0.0.1>", `To: <sip:service@127.0.0.1>;tag=${o.toTag}`);
    if (o.fromTag) text = text.replace(";tag=from1", `;tag=${o.fromTag}`);
    client.send(text, t.udpPort);
    for (;;) {
      const answer = (await client.next(`the final answer to ${method}`)).text;
      if (statusOf(answer) >= 200) return answer;
    }
  };
  return { ...t, ask };
}

const reasonOf = (answer: string) => /^SIP\/2\.0 \d{3} (.*)$/m.exec(answer)?.[1];

describe("method routes", () => {
  test("a registered method's handler takes its requests; a second registration throws; removing it brings back the no-route answer", async () => {
    const { endpoint, ask } = await scene();
    const heard: string[] = [];
    const off = endpoint.on("REGISTER", (request, tx) => {
      heard.push(request.method);
      tx.respond(403, { reason: "Desk phones are off" });
    });
    expect(() => endpoint.on("REGISTER", () => {})).toThrow("a handler for REGISTER is already registered");
    expect(reasonOf(await ask("REGISTER"))).toBe("Desk phones are off");
    expect(heard).toEqual(["REGISTER"]);
    off();
    expect(statusOf(await ask("REGISTER"))).toBe(480);
    expect(heard).toEqual(["REGISTER"]);
  });

  test("with no route OPTIONS gets 200 with Allow and Accept, an INVITE 480 saying calls are not handled", async () => {
    const { ask } = await scene();
    const ok = await ask("OPTIONS");
    expect(statusOf(ok)).toBe(200);
    expect(headerOf(ok, "Allow")).toBe("INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, INFO");
    expect(headerOf(ok, "Accept")).toBe("application/sdp, application/dtmf-relay, application/dtmf");
    const unavailable = await ask("INVITE");
    expect(statusOf(unavailable)).toBe(480);
    expect(reasonOf(unavailable)).toBe("Calls are not handled yet");
  });

  test("a restriction answers refused senders before the handler sees them, and lets the others through", async () => {
    const { endpoint, ask } = await scene();
    let trusted = false;
    const invites: IncomingRequest[] = [];
    endpoint.restrict("INVITE", (_invite, source) =>
      trusted && source.address === "127.0.0.1" ? null : { status: 403, reason: "Calls are accepted from the SIP trunk only" },
    );
    endpoint.on("INVITE", (invite, tx) => {
      invites.push(invite);
      tx.respond(486);
    });
    expect(() => endpoint.restrict("INVITE", () => null)).toThrow("a restriction on INVITE is already registered");
    const refused = await ask("INVITE");
    expect([statusOf(refused), reasonOf(refused)]).toEqual([403, "Calls are accepted from the SIP trunk only"]);
    expect(invites).toEqual([]);
    trusted = true;
    expect(statusOf(await ask("INVITE", { callId: "call-2@test" }))).toBe(486);
    expect(invites.map((i) => i.callId)).toEqual(["call-2@test"]);
  });
});

describe("dialog table", () => {
  const dialog = { callId: "dialog-1@test", localTag: "ours", remoteTag: "theirs" };
  const within = { callId: dialog.callId, toTag: "ours", fromTag: "theirs" };

  /** An owner that records what it took and answers BYE 200, INFO 200 and re-INVITE 488. */
  function owner() {
    const took: string[] = [];
    const answer = (status: number) => (request: IncomingRequest, tx: Parameters<NonNullable<DialogOwner["BYE"]>>[1]) => {
      took.push(request.method);
      tx.respond(status);
    };
    return { took, handlers: { BYE: answer(200), INFO: answer(200), INVITE: answer(488) } satisfies DialogOwner };
  }

  test("BYE, re-INVITE and INFO within a held dialog go to its owner, ahead of the method routes and their restriction", async () => {
    const { endpoint, ask } = await scene();
    const o = owner();
    endpoint.dialogs.add(dialog, o.handlers);
    endpoint.restrict("INVITE", () => ({ status: 403, reason: "Not from the trunk" }));
    expect(statusOf(await ask("INVITE", within))).toBe(488);
    expect(statusOf(await ask("INFO", within))).toBe(200);
    expect(statusOf(await ask("BYE", within))).toBe(200);
    expect(o.took).toEqual(["INVITE", "INFO", "BYE"]);
    // A method the owner leaves goes to the method routes: OPTIONS within the dialog is answered as any OPTIONS.
    expect(headerOf(await ask("OPTIONS", within), "Allow")).toContain("INVITE");
    expect(o.took).toEqual(["INVITE", "INFO", "BYE"]);
    expect(() => endpoint.dialogs.add(dialog, {})).toThrow("already has an owner");
  });

  test("BYE and INFO naming no dialog of ours get 481: unknown Call-ID, another tag, or no To tag; the owner hears none", async () => {
    const { endpoint, ask } = await scene();
    const o = owner();
    endpoint.dialogs.add(dialog, o.handlers);
    expect(statusOf(await ask("BYE", { ...within, callId: "other@test" }))).toBe(481);
    expect(statusOf(await ask("BYE", { ...within, fromTag: "stranger" }))).toBe(481);
    expect(statusOf(await ask("BYE", { ...within, toTag: "not-ours" }))).toBe(481);
    expect(statusOf(await ask("INFO", { callId: dialog.callId }))).toBe(481);
    expect(o.took).toEqual([]);
  });

  test("a dialog we dial takes requests once the far end's tag is confirmed", async () => {
    const { endpoint, ask } = await scene();
    const o = owner();
    endpoint.dialogs.add({ ...dialog, remoteTag: "" }, o.handlers);
    expect(statusOf(await ask("BYE", within))).toBe(481);
    endpoint.dialogs.confirm(dialog);
    expect(statusOf(await ask("BYE", within))).toBe(200);
    expect(o.took).toEqual(["BYE"]);
  });

  test("once its owner removes the dialog at its end, its requests get 481 and the table is empty", async () => {
    const { endpoint, ask } = await scene();
    const first = owner();
    const remove = endpoint.dialogs.add(dialog, first.handlers);
    expect(statusOf(await ask("BYE", within))).toBe(200);
    remove();
    expect(endpoint.dialogs.size).toBe(0);
    expect(statusOf(await ask("BYE", within))).toBe(481);
    const second = owner();
    endpoint.dialogs.add({ ...dialog, callId: "dialog-2@test" }, second.handlers);
    endpoint.dialogs.remove({ ...dialog, callId: "dialog-2@test" });
    expect(statusOf(await ask("INFO", { ...within, callId: "dialog-2@test" }))).toBe(481);
    expect([first.took, second.took]).toEqual([["BYE"], []]);
    expect(endpoint.dialogs.size).toBe(0);
  });
});
