import { afterEach, describe, expect, test } from "bun:test";
import { callRig, FakePhone, type Rig, waitFor } from "../../tests/sip/call-rig.ts";
import { answeredPort, offerSdp } from "../../tests/sip/call-provider.ts";
import { serializeTelephoneEvent } from "../media/dtmf.ts";
import { CALL_UPDATED } from "./call-service.ts";

let r: Rig;
let interactionId: string;
let ourPort: number;
let pushes: number;
let phone: FakePhone;
afterEach(() => r.close());

/** A call from the provider, answered by the agent's (fake) phone; `offer` writes the provider's SDP for its RTP port. */
async function connected(offer?: (rtpPort: number) => string) {
  r = await callRig();
  phone = new FakePhone();
  r.phones.set(r.agentId, phone);
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  r.provider.invite({ sdp: offer?.(r.rtp.port) });
  ourPort = answeredPort(await r.provider.response(200));
  r.provider.ack();
  await waitFor(() => r.calls.activeCalls === 1, "the call");
  const ringing = r.t.deps.routing.ringingOffers(r.agentId)[0];
  interactionId = ringing?.interactionId ?? "";
  r.calls.answer(ringing?.id ?? "", r.agentId);
  pushes = 0;
  r.t.deps.bus.subscribe(CALL_UPDATED, (p) => {
    if (p.interactionId === interactionId) pushes++;
  });
}

const digits = () => r.calls.view(interactionId).digits.join("");
let eventTimestamp = 1_000;

/** The caller presses a key: an RFC 4733 event of three packets sharing one timestamp (the end sent twice). */
function callerPresses(event: number) {
  eventTimestamp += 1_600;
  const send = (end: boolean, duration: number, marker: boolean) =>
    r.rtp.send(ourPort, serializeTelephoneEvent({ event, end, volume: 10, duration }), 101, { timestamp: eventTimestamp, marker });
  send(false, 160, true);
  send(true, 1280, false);
  send(true, 1280, false);
}

/** The final response to the provider's INFO of this CSeq. */
async function infoAnswer(seq: number): Promise<string> {
  let found: string | undefined;
  await waitFor(() => {
    found = r.sip.inbox.find((d) => new RegExp(`^CSeq: ${seq} INFO\\r?$`, "m").test(d.text))?.text;
    return found !== undefined;
  }, `the answer to INFO ${seq}`);
  return found ?? "";
}
const statusOf = (text: string) => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);

describe("digits the caller presses", () => {
  test("RFC 4733 events show in the call view once each, one push per digit, while bridged and after a requeue", async () => {
    await connected();
    callerPresses(1);
    callerPresses(2);
    callerPresses(11);
    await waitFor(() => digits() === "12#", "the caller's digits in the view");
    expect(pushes).toBe(3);
    r.t.deps.routing.transferToQueue(interactionId, r.agentId, r.queueId);
    expect(r.calls.view(interactionId).state).toBe("queued");
    callerPresses(10);
    await waitFor(() => digits() === "12#*", "a digit pressed while queued again");
  });

  test("the view keeps the last 32 digits", async () => {
    await connected();
    for (let i = 0; i < 40; i++) callerPresses(i % 10);
    await waitFor(() => r.calls.view(interactionId).digits.length === 32 && digits().endsWith("9"), "the 40 digits");
    expect(digits()).toBe("89012345678901234567890123456789");
  });

  test("an INFO with a dtmf-relay or a bare dtmf body is answered 200 and its digit shows like an RFC 4733 one", async () => {
    await connected();
    r.provider.info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", 3);
    expect(statusOf(await infoAnswer(3))).toBe(200);
    r.provider.info("application/dtmf", "#", 4);
    expect(statusOf(await infoAnswer(4))).toBe(200);
    callerPresses(12);
    await waitFor(() => digits() === "5#A", "the three digits");
    expect(pushes).toBe(3);
  });

  test("an INFO with another body is 415 with Accept, a malformed one 400; neither shows a digit or ends the call", async () => {
    await connected();
    r.provider.info("text/plain", "5", 3);
    const plain = await infoAnswer(3);
    expect(statusOf(plain)).toBe(415);
    expect(plain).toMatch(/^Accept: .*application\/dtmf-relay, application\/dtmf\r?$/m);
    r.provider.info("application/sdp", "v=0\r\n", 4);
    const sdp = await infoAnswer(4);
    expect(statusOf(sdp)).toBe(415);
    expect(sdp).toMatch(/^Accept: application\/dtmf-relay, application\/dtmf\r?$/m);
    r.provider.info("application/dtmf-relay", "Signal=E\r\n", 5);
    expect(await infoAnswer(5)).toMatch(/^SIP\/2\.0 400 Malformed dtmf-relay body\r?$/m);
    r.provider.info("application/dtmf", "12", 6);
    expect(await infoAnswer(6)).toMatch(/^SIP\/2\.0 400 Not a DTMF digit\r?$/m);
    r.provider.info("application/dtmf-relay", `Signal=1\r\n${"X".repeat(300)}=1\r\n`, 7);
    expect(statusOf(await infoAnswer(7))).toBe(400);
    r.provider.info(null, "", 8);
    expect(statusOf(await infoAnswer(8))).toBe(200);
    expect(digits()).toBe("");
    expect(pushes).toBe(0);
    expect(r.calls.view(interactionId).state).toBe("connected");
  });
});

describe("the agent's keypad", () => {
  const noEvents = (port: number) =>
    offerSdp(port, [8])
      .replace(" 101", "")
      .replace(/a=(rtpmap|fmtp):101 .*\r\n/g, "");
  const infos = () => r.sip.inbox.filter((d) => d.text.startsWith("INFO "));

  test("is offered to a caller without telephone-events too: its digits go as in-dialog INFO with rising CSeqs", async () => {
    await connected(noEvents);
    expect(r.calls.view(interactionId)).toMatchObject({ state: "connected", keypad: true });
    r.calls.sendDigit(interactionId, r.agentId, "7");
    r.calls.sendDigit(interactionId, r.agentId, "#");
    await waitFor(() => infos().length === 2, "two INFOs");
    const [first, second] = infos().map((d) => d.text);
    expect(first).toMatch(/^INFO sip:provider@127\.0\.0\.1:\d+ SIP\/2\.0\r$/m);
    expect(first).toMatch(/^To: .*;tag=provider1\r$/m);
    expect(first).toMatch(/^Content-Type: application\/dtmf-relay\r$/m);
    expect(first).toEndWith("\r\n\r\nSignal=7\r\nDuration=160\r\n");
    expect(second).toEndWith("\r\n\r\nSignal=#\r\nDuration=160\r\n");
    const seqOf = (text = "") => Number(/^CSeq: (\d+) INFO\r$/m.exec(text)?.[1]);
    expect(seqOf(second)).toBe(seqOf(first) + 1);
    // No RFC 4733 event went out instead.
    expect(r.rtp.received.some((p) => p.payloadType === 101)).toBe(false);
  });

  test("an INFO the caller refuses does not end the call or stop the next digit", async () => {
    await connected(noEvents);
    r.calls.sendDigit(interactionId, r.agentId, "1");
    await waitFor(() => infos().length === 1, "the INFO");
    const request = infos()[0]?.text ?? "";
    const copy = (name: string) => request.split("\r\n").filter((line) => line.startsWith(`${name}:`));
    const answer = ["SIP/2.0 501 Not Implemented", ...["Via", "From", "To", "Call-ID", "CSeq"].flatMap(copy), "Content-Length: 0", "", ""];
    r.sip.send(answer.join("\r\n"), r.sipPort);
    await Bun.sleep(50);
    expect(r.calls.view(interactionId).state).toBe("connected");
    r.calls.sendDigit(interactionId, r.agentId, "2");
    await waitFor(() => infos().length === 2, "the next INFO");
  });
});
