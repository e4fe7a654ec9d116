import { Call } from "../../../src/calls/call.ts";
import type { CallEnv } from "../../../src/calls/call.ts";
import { dialingDialog } from "../../../src/calls/dialog.ts";
import { rtpCallMedia } from "../../../src/calls/index.ts";
import { ManualScheduler } from "../../../src/media/index.ts";
import { ManualClock, silentLogger } from "../../../src/shared/index.ts";

/** A trunk call on a real RTP leg, without SIP: its state, ids and audio, for the call model's own tests. */
export function callKit() {
  const clock = new ManualClock();
  const scheduler = new ManualScheduler();
  const media = rtpCallMedia({
    host: "127.0.0.1",
    address: "127.0.0.1",
    log: silentLogger,
    scheduler,
    range: { first: 41_000, last: 41_999 },
  });
  const lost: { call: Call; reason: string }[] = [];
  const changed: Call[] = [];
  const env: CallEnv = {
    clock,
    scheduler,
    address: media.address,
    codecs: ["PCMU", "PCMA"],
    mediaTimeoutMs: 10_000,
    endings: { lost: (call, reason) => void lost.push({ call, reason }) },
    panels: { changed: (call) => void changed.push(call) },
  };
  const opened: Call[] = [];
  async function call(start: "queued" | "dialing" = "queued", callId: string = crypto.randomUUID()): Promise<Call> {
    const [leg, music] = await Promise.all([media.openLeg(), media.holdMusic()]);
    if (!leg) throw new Error("no RTP port for the test call");
    const peer = { transport: "UDP" as const, address: "127.0.0.1", port: 5060 };
    const dialog = dialingDialog({
      callId,
      localTag: "ours",
      from: "<sip:switchboard@127.0.0.1>",
      to: "<sip:100@127.0.0.1>",
      requestUri: "sip:100@127.0.0.1",
      peer,
    });
    const made = new Call(dialog, leg, { waiting: music, hold: music }, env, start);
    opened.push(made);
    return made;
  }
  const close = () => {
    for (const c of opened) c.end();
  };
  return { clock, scheduler, lost, changed, call, close };
}
