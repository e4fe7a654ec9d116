import { describe, expect, test } from "bun:test";
import { OutboundStream } from "./outbound-stream.ts";

const diff = (a: number, b: number) => (b - a) >>> 0;

describe("outgoing stream rewriting (one SSRC, one sequence, one timeline)", () => {
  test("within one source, sequence steps by one and the timestamp by the source's own steps, silences included", () => {
    const stream = new OutboundStream();
    const a = stream.audio(7, 1000, true, 160, 0);
    const b = stream.audio(7, 1160, false, 160, 20);
    const c = stream.audio(7, 1960, true, 160, 120); // four frames of silence suppressed at the source
    expect([a.ssrc, b.ssrc, c.ssrc]).toEqual([stream.ssrc, stream.ssrc, stream.ssrc]);
    expect([diff(a.sequence, b.sequence) & 0xffff, diff(b.sequence, c.sequence) & 0xffff]).toEqual([1, 1]);
    expect([diff(a.timestamp, b.timestamp), diff(b.timestamp, c.timestamp)]).toEqual([160, 800]);
    expect([a.marker, b.marker, c.marker]).toEqual([true, false, true]);
  });

  test("a change of source continues the timeline by the time that really passed, with the marker set", () => {
    const stream = new OutboundStream();
    const before = stream.audio(1, 0xfffffe00, false, 160, 1000);
    const music = stream.audio(2, 5, false, 160, 1060); // 60 ms later, from a source with unrelated timestamps
    const next = stream.audio(2, 165, false, 160, 1080);
    const back = stream.audio(1, 0x00000400, false, 160, 1100); // the first source again, its timestamps wrapped meanwhile
    expect(diff(before.timestamp, music.timestamp)).toBe(480);
    expect(music.marker).toBe(true);
    expect(diff(music.timestamp, next.timestamp)).toBe(160);
    expect(next.marker).toBe(false);
    expect(diff(next.timestamp, back.timestamp)).toBe(160);
    expect(back.marker).toBe(true);
  });

  test("a switch sooner than one frame still moves the timestamp a whole frame", () => {
    const stream = new OutboundStream();
    const a = stream.audio(1, 0, false, 160, 0);
    const b = stream.audio(2, 0, false, 160, 5);
    expect(diff(a.timestamp, b.timestamp)).toBe(160);
  });

  test("a reordered packet goes out in place without pulling the timeline back", () => {
    const stream = new OutboundStream();
    const a = stream.audio(1, 320, false, 160, 0);
    const late = stream.audio(1, 160, false, 160, 5);
    const b = stream.audio(1, 480, false, 160, 20);
    expect(diff(late.timestamp, a.timestamp)).toBe(160);
    expect(diff(a.timestamp, b.timestamp)).toBe(160);
  });

  test("a source jumping by more than five seconds is treated as a new segment", () => {
    const stream = new OutboundStream();
    const a = stream.audio(1, 0, false, 160, 0);
    const b = stream.audio(1, 8000 * 60, false, 160, 20);
    expect(diff(a.timestamp, b.timestamp)).toBe(160);
    expect(b.marker).toBe(true);
  });

  test("a DTMF event holds one timestamp; audio after it continues past the event's length", () => {
    const stream = new OutboundStream();
    const a = stream.audio(1, 0, false, 160, 0);
    const at = stream.startEvent(20);
    const packets = [stream.eventPacket(at, true), stream.eventPacket(at, false), stream.eventPacket(at, false)];
    const after = stream.audio(1, 160 * 12, false, 160, 220);
    expect(packets.map((p) => p.timestamp)).toEqual([at, at, at]);
    expect(diff(a.timestamp, at)).toBe(160);
    expect(diff(at, after.timestamp)).toBe(1600);
    expect(diff(a.sequence, after.sequence) & 0xffff).toBe(4);
    expect(stream.timestampAt(240)).toBe((after.timestamp + 160) >>> 0);
  });
});
