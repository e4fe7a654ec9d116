import { afterEach, beforeEach, expect, test } from "bun:test";
import { saveSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { signedIn } from "../../tests/support/users.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
  saveSettings(t.db, { timeZone: "UTC" }, t.clock.now());
});
afterEach(() => t.cleanup());

/** The fragment's rows as label → [me, department average]. */
async function figures(userId: string): Promise<Record<string, string[]>> {
  const html = await (await signedIn(t, userId).get("/console/my-stats")).text();
  const rows = [...html.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g)];
  return Object.fromEntries(
    rows.map((r) => [r[1] as string, [...(r[2] as string).matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1] as string)]),
  );
}

test("an agent's console shows today's handled work, handle time and state times beside the department's average", async () => {
  const ann = insertUser(t.db, { username: "ann", fullName: "Ann" });
  const cal = insertUser(t.db, { username: "cal", fullName: "Cal" });
  const sales = insertQueue(t.db, { name: "Sales", channel: "voice", members: [ann, cal], wrapUpS: 0, strategy: "round-robin" });
  const { routing, presence } = t.deps;
  // Time passes as it does for consoles that stay connected: they beat every few seconds.
  const pass = (ms: number) => {
    for (let left = ms; left > 0; left -= 10_000) {
      t.clock.advance(Math.min(10_000, left));
      for (const id of [ann, cal]) presence.heartbeat(id);
    }
  };
  presence.apply(ann, { type: "login", notReady: false });
  pass(60_000);
  const handle = (talkMs: number) => {
    const i = routing.enqueue({ channel: "voice", queueId: sales });
    routing.accept((routing.ringingOffers(ann)[0] as { id: string }).id, ann);
    pass(talkMs);
    routing.end(i.id, ann);
  };
  handle(120_000);
  handle(60_000);
  presence.apply(cal, { type: "login", notReady: false });
  presence.apply(cal, { type: "choose_not_ready", reason: "Lunch" });
  pass(30_000);

  expect(await (await signedIn(t, ann).get("/console")).text()).toContain(
    'hx-get="/console/my-stats" hx-trigger="load, sse:state, sse:work, every 60s"',
  );
  const mine = await figures(ann);
  expect(mine.Handled).toEqual(["2", "1"]);
  expect(mine["Average handle time"]).toEqual(["0:01:30", "0:01:30"]);
  expect(mine.Busy?.[0]).toBe("0:03:00");
  expect(mine.Ready?.[0]).toBe("0:01:30");
  expect(mine["Not Ready"]).toEqual(["0:00:00", "0:00:15"]);
  handle(30_000);
  expect((await figures(ann)).Handled?.[0]).toBe("3");
  expect((await figures(cal)).Handled).toEqual(["0", "1.5"]);
});
