import { describe, expect, test } from "bun:test";
import { Metrics } from "../shared/index.ts";
import { methodLabel, metricsCounters } from "./counters.ts";
import { parseOrThrow } from "./transactions/testing.ts";
import { sampleBytes } from "./sample-messages.ts";

describe("SIP counters for /metrics", () => {
  test("messages and rejections become the two labelled counters", () => {
    const metrics = new Metrics();
    const counters = metricsCounters(metrics);
    counters.message("in", "INVITE");
    counters.message("in", "INVITE");
    counters.message("out", "response");
    counters.rejected("banned");
    const text = metrics.render();
    expect(text).toContain('switchboard_sip_messages_total{direction="in",method="INVITE"} 2');
    expect(text).toContain('switchboard_sip_messages_total{direction="out",method="response"} 1');
    expect(text).toContain('switchboard_sip_rejected_total{reason="banned"} 1');
  });

  test("the method label is the method, `response`, or `other` for methods nobody defined", () => {
    expect(methodLabel(parseOrThrow(sampleBytes("invite")))).toBe("INVITE");
    expect(methodLabel(parseOrThrow(sampleBytes("ok")))).toBe("response");
    const invented = new TextDecoder().decode(sampleBytes("options")).replaceAll("OPTIONS", "XQZZY");
    expect(methodLabel(parseOrThrow(new TextEncoder().encode(invented)))).toBe("other");
  });
});
