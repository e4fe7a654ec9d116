import { afterEach, beforeEach, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { insertUser } from "../../tests/support/fixtures.ts";
import { eq, sql } from "drizzle-orm";
import { interactions } from "../routing/interactions-schema.ts";
import { standings } from "./queue-position.ts";
import { annAccepts, setUpWidget, Visitor } from "../../tests/support/kits/widget.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const line = (queueId: string) => [...standings(t.db, queueId, t.clock.now()).values()];

test("with nobody able to answer, visitors are told everyone is busy instead of a wait", async () => {
  const { ann, sales } = setUpWidget(t); // Ann is Not Ready
  t.deps.presence.apply(ann, { type: "choose_ready" });
  t.clock.advance(20_000);
  await new Visitor(t).start(sales);
  annAccepts(t, ann); // a 20 s wait on record
  t.deps.presence.apply(ann, { type: "choose_not_ready", reason: "Lunch" });
  await new Visitor(t).start(sales);
  expect(line(sales)).toEqual([{ position: 1, waiting: 1, estimateS: null, busy: true }]);
});

test("the estimate is the recent answered wait for each round of answers ahead, with the agents available", async () => {
  const { ann, sales } = setUpWidget(t);
  const bob = insertUser(t.db, { username: "bob" });
  await new Visitor(t).start(sales);
  t.clock.advance(40_000);
  const answered = annAccepts(t, ann); // waited 40 s
  for (let n = 0; n < 3; n++) await new Visitor(t).start(sales);
  // Ann rings for the first of them and still counts; alone, she answers one at a time.
  expect(line(sales).map((s) => s.estimateS)).toEqual([40, 80, 120]);
  // With Bob as well, two are answered at a time.
  t.db.$client.run("INSERT INTO queue_members (queue_id, user_id) VALUES (?, ?)", [sales, bob]);
  t.deps.presence.apply(bob, { type: "login", notReady: false });
  expect(line(sales).map((s) => s.estimateS)).toEqual([40, 40, 80]);
  // Waits older than the recent history no longer count.
  t.db
    .update(interactions)
    .set({ queuedAt: sql`queued_at - ${3 * 3600_000}`, acceptedAt: sql`accepted_at - ${3 * 3600_000}` })
    .where(eq(interactions.id, answered))
    .run();
  expect(line(sales).map((s) => s.estimateS)).toEqual([null, null, null]);
});
