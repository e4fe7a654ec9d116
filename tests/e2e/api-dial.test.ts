/**
 * Click-to-dial through the REST API (FEATURES I3, V3) with a real browser phone and sipp as the far end: the
 * integration names the agent and the number, the agent's own phone places the call through the trunk (its
 * number rules and caller ID), the console shows the call, and the API reads its state as it connects.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { eq } from "drizzle-orm";
import { users } from "../../src/auth/schema.ts";
import { listAudit } from "../../src/audit/index.ts";
import { textOf } from "../support/browser.ts";
import { tokenFor } from "../support/kits/api.ts";
import { outsideFarEnd, phoneConsole, voiceBrowserKit, within } from "./voice-kit.ts";

setDefaultTimeout(60_000);
const kit = voiceBrowserKit();
const farEnd = outsideFarEnd(kit);

async function api(method: string, path: string, secret: string, body?: unknown) {
  const res = await fetch(`${kit.app.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    tls: { rejectUnauthorized: false },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test("an integration places a call from the agent's browser phone: sipp gets the number after the trunk's rules and the console shows the call", async () => {
  const far = await farEnd("uas-outbound-answer.xml");
  const { db, clock } = kit.voice.app.deps;
  const allow = (permissions: string[]) =>
    db
      .update(users)
      .set({ permissions: JSON.stringify(permissions) })
      .where(eq(users.id, kit.voice.agentId))
      .run();
  allow(["voice"]);
  const page = await phoneConsole(kit, kit.voice.agentId);
  const { secret } = tokenFor(db, clock.now(), kit.voice.agentId, ["calls:read", "calls:write"]);

  // The same rule as the console's dial pad: without Outside calls, extensions only.
  const refused = await api("POST", "/calls", secret, { agent: "ann", number: "0441234999" });
  expect(refused).toMatchObject({ status: 403, json: { error: { message: "You may call colleagues by their extension only." } } });
  expect(kit.voice.app.calls.activeCalls).toBe(0);
  allow(["voice", "outside_calls"]);

  const placed = await api("POST", "/calls", secret, { agent: "ann", number: "0441234999" });
  expect(placed).toMatchObject({ status: 201, json: { agentId: kit.voice.agentId, number: "0441234999", state: "dialing" } });
  const id = String(placed.json.id);

  const status = page.locator(".voice-status");
  await within("the console to show the call connected", 8_000, async () => (await textOf(status)) === "Connected.");
  expect(await textOf(page.locator('[role="tab"][aria-selected="true"]'))).toContain("0441234999");
  expect((await api("GET", `/calls/${id}`, secret)).json).toMatchObject({ id, state: "connected", ringing: false });

  // The agent is on this call now: a second one is refused, and nothing rings out.
  const second = await api("POST", "/calls", secret, { agent: kit.voice.agentId, number: "0441234888" });
  expect(second).toMatchObject({ status: 409, json: { error: { code: "conflict", message: expect.stringContaining("current call") } } });

  await page.getByRole("button", { name: "Hang up" }).click();
  expect(await far.finished).toMatchObject({ exitCode: 0, errors: "" });
  await within("the API to read the call as ended", 5_000, async () => (await api("GET", `/calls/${id}`, secret)).json.state === "ended");
  expect(listAudit(db, {}).rows).toEqual(
    expect.arrayContaining([expect.objectContaining({ action: "call.placed", actorName: 'API token "CRM sync"', targetId: id })]),
  );
});
