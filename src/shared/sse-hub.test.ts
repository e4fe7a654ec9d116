import { expect, test } from "bun:test";
import { SseHub } from "./sse-hub.ts";

test("delivers to subscribers of the topic only, in order", async () => {
  const hub = new SseHub();
  const a = hub.subscribe(["user:a"]);
  const b = hub.subscribe(["user:b"]);
  hub.publish("user:a", { event: "x", data: "1" });
  hub.publish("user:a", { event: "x", data: "2" });
  expect(await a.next()).toEqual({ event: "x", data: "1" });
  expect(await a.next()).toEqual({ event: "x", data: "2" });
  b.close();
  expect(await b.next()).toBeNull();
  expect(hub.count("user:b")).toBe(0);
});

test("a subscriber that falls behind its bounded queue is dropped", async () => {
  const hub = new SseHub(3);
  const slow = hub.subscribe(["t"]);
  for (let i = 0; i < 4; i++) hub.publish("t", { event: "x", data: String(i) });
  expect(slow.closed).toBe(true);
  expect(hub.count("t")).toBe(0);
  expect(await slow.next()).toBeNull();
});

test("a waiting reader wakes on publish", async () => {
  const hub = new SseHub();
  const s = hub.subscribe(["t"]);
  const pending = s.next();
  hub.publish("t", { event: "e", data: "d" });
  expect(await pending).toEqual({ event: "e", data: "d" });
});
