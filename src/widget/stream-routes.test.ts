import { afterEach, beforeEach, expect, test } from "bun:test";
import { postAgentMessage, signalAgentTyping } from "../chat/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { visitorTopic } from "./live.ts";
import { annAccepts, SITE, setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";
import { VISITOR_GONE_MS } from "./visitor-gone.ts";

let t: TestApp;
let ann: string;
let sales: string;
const streams: EventReader[] = [];
beforeEach(() => {
  t = makeTestApp();
  ({ ann, sales } = setUpWidget(t));
});
afterEach(async () => {
  for (const s of streams.splice(0)) await s.close();
  t.cleanup();
});

type Sse = { event: string; id: string | null; data: Record<string, unknown> };

/** Reads server-sent events from a response body, one at a time, failing after a bounded wait. */
class EventReader {
  private buffer = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  constructor(res: Response) {
    this.reader = (res.body as ReadableStream<Uint8Array>).getReader();
  }
  async next(): Promise<Sse> {
    for (;;) {
      const cut = this.buffer.indexOf("\n\n");
      if (cut >= 0) {
        const block = this.buffer.slice(0, cut);
        this.buffer = this.buffer.slice(cut + 2);
        const field = (name: string) => block.match(new RegExp(`^${name}: ?(.*)$`, "m"))?.[1] ?? null;
        if (field("data") !== null)
          return { event: field("event") ?? "message", id: field("id"), data: JSON.parse(field("data") as string) };
        continue;
      }
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event within 2 s")), 2000));
      const { value, done } = await Promise.race([this.reader.read(), timeout]);
      if (done) throw new Error("stream ended");
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }
  close() {
    return this.reader.cancel();
  }
}

async function open(v: Visitor, after = 0): Promise<EventReader> {
  const res = await v.request("GET", `/conversations/${v.id}/events?after=${after}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = new EventReader(res);
  streams.push(reader);
  return reader;
}

test("the stream starts with the state and the history, then pushes messages, the agent's alias, and the end", async () => {
  const v = await new Visitor(t).start(sales);
  await v.send("first", "c-1");
  const s = await open(v);
  expect(await s.next()).toMatchObject({
    event: "state",
    data: { phase: "waiting", standing: { position: 1, waiting: 1, estimateS: null, busy: true } },
  });
  expect(await s.next()).toMatchObject({ event: "message", id: "1", data: { body: "first", from: "visitor", clientId: "c-1" } });
  await v.send("second");
  expect(await s.next()).toMatchObject({ event: "message", id: "2", data: { body: "second" } });

  const interactionId = annAccepts(t, ann);
  // Ann became Ready: somebody can answer now, which the visitor hears before she joins.
  expect(await s.next()).toMatchObject({ event: "queue", data: { position: 1, busy: false } });
  const joined = [await s.next(), await s.next()];
  expect(joined).toContainEqual(expect.objectContaining({ event: "agent", data: { alias: "Annie" } }));
  expect(joined).toContainEqual(
    expect.objectContaining({ event: "message", data: expect.objectContaining({ body: "Annie joined the chat." }) }),
  );
  signalAgentTyping(t.deps, interactionId, ann);
  expect(await s.next()).toMatchObject({ event: "typing", data: { alias: "Annie" } });
  postAgentMessage(t.deps, interactionId, ann, { body: "Hello!" });
  expect(await s.next()).toMatchObject({ event: "message", data: { from: "agent", alias: "Annie", body: "Hello!" } });
  expect(JSON.stringify(joined)).not.toContain("Realname");

  t.deps.routing.end(interactionId, ann);
  const end = [await s.next(), await s.next()];
  expect(end).toContainEqual(expect.objectContaining({ event: "ended" }));
  expect(end).toContainEqual(
    expect.objectContaining({ event: "message", data: expect.objectContaining({ body: "Annie ended the chat." }) }),
  );
});

test("a reconnect after message 2 gets only the later messages, each once", async () => {
  const v = await new Visitor(t).start(sales);
  for (const body of ["one", "two", "three", "four"]) await v.send(body);
  const s = await open(v, 2);
  expect((await s.next()).event).toBe("state");
  expect((await s.next()).data.body).toBe("three");
  expect((await s.next()).data.body).toBe("four");
  await v.send("five");
  expect((await s.next()).data.body).toBe("five");
});

test("waiting visitors hear their new place in line when someone ahead leaves or is answered, with an estimate once known", async () => {
  const first = await new Visitor(t).start(sales);
  t.clock.advance(1000);
  const second = await new Visitor(t).start(sales);
  t.clock.advance(1000);
  const third = await new Visitor(t).start(sales);
  const s3 = await open(third);
  expect(await s3.next()).toMatchObject({ data: { standing: { position: 3, waiting: 3 } } });

  await second.request("POST", `/conversations/${second.id}/end`);
  expect(await s3.next()).toMatchObject({ event: "queue", data: { position: 2, waiting: 2, estimateS: null } });

  t.clock.advance(60_000);
  annAccepts(t, ann); // the first visitor waited 62 s
  expect(await s3.next()).toMatchObject({ event: "queue", data: { position: 2, estimateS: null, busy: false } });
  expect(await s3.next()).toMatchObject({ event: "queue", data: { position: 1, waiting: 1, estimateS: 62, busy: false } });
  expect(first.id).not.toBe(third.id);
});

test("a waiting visitor whose widget stays away longer than the grace is abandoned; one who comes back keeps the place", async () => {
  const gone = await new Visitor(t).start(sales);
  const back = await new Visitor(t).start(sales);
  const first = await open(gone);
  await first.next();
  await first.close();
  let again = await open(back);
  await again.next();
  await again.close();
  t.clock.advance(VISITOR_GONE_MS - 1000);
  again = await open(back);
  expect(await again.next()).toMatchObject({ event: "state", data: { phase: "waiting" } });
  t.clock.advance(2000);
  expect(((await (await gone.request("GET", `/conversations/${gone.id}`)).json()) as { phase: string }).phase).toBe("ended");
  expect((await gone.messages()).map((m) => m.body)).toEqual(["The chat ended before an agent answered."]);
  t.clock.advance(VISITOR_GONE_MS * 2);
  expect(((await (await back.request("GET", `/conversations/${back.id}`)).json()) as { phase: string }).phase).toBe("waiting");
});

test("one visitor token holds at most three event streams: a fourth closes the oldest, the others keep receiving", async () => {
  const v = await new Visitor(t).start(sales);
  const opened = [await open(v), await open(v), await open(v)];
  for (const s of opened) expect((await s.next()).event).toBe("state");
  const fourth = await open(v);
  expect((await fourth.next()).event).toBe("state");
  await expect(opened[0]?.next()).rejects.toThrow("stream ended");
  expect(t.deps.hub.count(visitorTopic(v.id))).toBe(3);
  await v.send("still here");
  for (const s of [opened[1], opened[2], fourth]) expect((await s?.next())?.data.body).toBe("still here");
});

test("one address holds at most 30 visitor streams; more are refused with 429 and a message", async () => {
  const visitors: Visitor[] = [];
  for (let n = 0; n < 11; n++) visitors.push(await new Visitor(t, SITE, `198.51.100.${n + 1}`).start(sales));
  for (const v of visitors) v.address = "203.0.113.9";
  for (const v of visitors.slice(0, 10)) for (let k = 0; k < 3; k++) await open(v);
  const last = visitors[10] as Visitor;
  const refused = await last.request("GET", `/conversations/${last.id}/events`);
  expect(refused.status).toBe(429);
  expect(((await refused.json()) as { error: string }).error).toContain("Too many chat windows are open from your network");
  // A chat at its own limit may still replace its oldest stream, and another address is not affected.
  expect((await (await open(visitors[0] as Visitor)).next()).event).toBe("state");
  last.address = "192.0.2.1";
  expect((await (await open(last)).next()).event).toBe("state");
});
