import { afterAll, beforeAll, expect, test } from "bun:test";
import { listPredefined } from "../predefined/index.ts";
import { listQueues } from "../routing/index.ts";
import { listTeams } from "../teams/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
let paths: string[];
beforeAll(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
  const agent = await addUser(t.db, "ann", "agent");
  await c.post("/admin/teams", { name: "Team" });
  await c.post("/admin/queues", { name: "Queue", channel: "voice" });
  await c.post("/admin/predefined", { shortcut: "hi", title: "Hi", body: "Hello" });
  const team = listTeams(t.db)[0]!.id;
  const queue = listQueues(t.db)[0]!.id;
  const msg = listPredefined(t.db, null)[0]!.id;
  paths = [
    "/admin/teams",
    `/admin/teams/${team}`,
    `/admin/teams/${team}/members`,
    `/admin/teams/${team}/members/${agent}/role`,
    "/admin/queues",
    `/admin/queues/${queue}`,
    `/admin/queues/${queue}/members`,
    "/admin/predefined",
    `/admin/predefined/${msg}`,
    "/profile/predefined",
    "/admin/settings",
    "/admin/settings/test-mail",
    "/admin/api-tokens",
  ];
});
afterAll(() => t.cleanup());

const FIELDS = [
  "name",
  "description",
  "userId",
  "role",
  "channel",
  "strategy",
  "ringTimeoutS",
  "maxWaitS",
  "overflowKind",
  "overflowQueueId",
]
  .concat(["wrapUpS", "priority", "holdMusic", "shortcut", "title", "body", "centerName", "publicAddress"])
  .concat([
    "maxOpenInteractions",
    "smtpPort",
    "smtpHost",
    "widgetOrigins",
    "attachedFields",
    "bhDay1",
    "bhClosedTreatment",
    "testTo",
    "smtpFrom",
  ]);

const NASTY = [
  "",
  " ",
  "x".repeat(100_000),
  "\u0000\u0007",
  "-1",
  "1e9",
  "99999999999",
  "<script>alert(1)</script>",
  "%_\\'\"",
  "😀\u202e",
  "NaN",
];

test("odd input on every admin form is refused calmly, never with a 5xx", async () => {
  for (const path of paths) {
    for (const value of NASTY) {
      const body = Object.fromEntries(FIELDS.map((f) => [f, value]));
      const res = await c.post(path, body);
      expect([path, value.slice(0, 20), res.status < 500]).toEqual([path, value.slice(0, 20), true]);
    }
    const fd = new FormData();
    for (const f of FIELDS) {
      fd.append(f, new Blob(["file"]), "f.txt");
      fd.append(f, "second");
    }
    const res = await c.post(path, fd);
    expect([path, res.status < 500]).toEqual([path, true]);
  }
}, 60_000);
