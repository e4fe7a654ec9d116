import { expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { saveSettings } from "../../src/settings/index.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite } from "../support/website.ts";
import { widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(120_000);
const kit = browserKit({ appliance: "file" });
/** The impacts that fail the check (AXE_IMPACTS=minor,moderate,serious,critical lists every finding). */
const IMPACTS = (process.env.AXE_IMPACTS ?? "serious,critical").split(",");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface Finding {
  rule: string;
  impact: string;
  targets: string[];
}

/**
 * Runs axe-core in every frame of the page as it stands (the widget's panel is a frame of the appliance inside the
 * website) and returns the serious and critical violations. Evaluated through the debugger, so the pages' CSP holds.
 */
async function seriousViolations(page: Page): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const frame of page.frames()) {
    await frame.evaluate(AXE);
    const found: Finding[] = await frame.evaluate(async (impacts) => {
      // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
      const axe = (window as any).axe;
      const result = await axe.run(document, { resultTypes: ["violations"], iframes: false });
      return result.violations
        .filter((v: { impact: string }) => impacts.includes(v.impact))
        .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
          rule: v.id,
          impact: v.impact,
          targets: v.nodes.map((n) => n.target.join(" ")),
        }));
    }, IMPACTS);
    findings.push(...found.map((f) => ({ ...f, targets: f.targets.map((t) => (frame === page.mainFrame() ? t : `${frame.url()} ${t}`)) })));
  }
  return findings;
}

/** Collects every page's findings so one run reports all of them, each with its rule, target and page. */
function auditor() {
  const failures: string[] = [];
  return {
    async check(page: Page, name: string) {
      for (const f of await seriousViolations(page)) {
        failures.push(`${name} (${page.url()}): ${f.impact} ${f.rule} at ${f.targets.join(", ")}`);
      }
    },
    assertClean() {
      expect(failures).toEqual([]);
    },
  };
}

test("the console, profile, supervisor, reports, history and admin pages have no serious or critical axe violations", async () => {
  const { db } = kit.app.deps;
  const audit = auditor();
  // The first-run page, while the box has no administrator yet.
  const newcomer = await kit.page();
  await newcomer.goto(kit.app.setupLink as string);
  await newcomer.getByRole("heading", { name: "Create the administrator" }).waitFor();
  await audit.check(newcomer, "first-run setup");

  const admin = insertUser(db, { username: "boss", fullName: "Big Boss", role: "admin" });
  const agent = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  insertQueue(db, { name: "Sales", members: [agent] });
  const billing = insertQueue(db, { name: "Billing", channel: "voice", members: [agent] });

  const console = await kit.consoleOf(agent);
  await audit.check(console, "console");
  await console.goto(`${kit.app.url}/profile`);
  await audit.check(console, "profile");
  await console.goto(`${kit.app.url}/history`);
  await audit.check(console, "history");

  const page = await kit.pageAs(admin);
  await kit.openLiveView(page);
  await audit.check(page, "supervisor live view");
  const adminPages: [string, string][] = [
    ["reports", "/reports"],
    ["queue report", "/reports/queues"],
    ["agent report", "/reports/agents"],
    ["agents list", "/admin/agents"],
    ["agent edit form", `/admin/agents/${agent}`],
    ["new agent form", "/admin/agents/new"],
    ["teams", "/admin/teams"],
    ["departments", "/admin/queues"],
    ["department form with queue audio", `/admin/queues/${billing}`],
    ["new department form", "/admin/queues/new?channel=chat"],
    ["trunk", "/admin/trunk"],
    ["settings", "/admin/settings"],
    ["single sign-on", "/admin/settings/sso"],
    ["salesforce", "/admin/settings/salesforce"],
    ["webhooks", "/admin/webhooks"],
    ["API tokens", "/admin/api-tokens"],
    ["audit", "/admin/audit"],
    ["predefined", "/admin/predefined"],
  ];
  for (const [name, path] of adminPages) {
    const response = await page.goto(`${kit.app.url}${path}`);
    expect(response?.status(), path).toBe(200);
    if (path === `/admin/queues/${billing}`) await page.getByRole("heading", { name: "Recordings" }).waitFor();
    await audit.check(page, name);
  }

  const visitor = await kit.page();
  await visitor.goto(`${kit.app.url}/login`);
  await audit.check(visitor, "login");
  audit.assertClean();
});

test("the widget and the console with a visitor's chat open have no serious or critical axe violations", async () => {
  const { db } = kit.app.deps;
  const wendy = insertUser(db, { username: "wendy", fullName: "Wendy Agent", alias: "Wen" });
  insertQueue(db, { name: "Support", members: [wendy] });
  const site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
  saveSettings(db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, kit.app.clock.now());
  try {
    const audit = auditor();
    const agent = await kit.consoleOf(wendy);
    const visitor = await kit.page();
    await visitor.goto(site.url);
    await visitor.getByRole("button", { name: "Chat with us" }).click();
    const widget = widgetOf(visitor);
    await audit.check(visitor, "widget pre-chat form");
    await widget.getByLabel("Your name").fill("Vera");
    await widget.getByLabel("Your email").fill("vera@home.test");
    await widget.getByLabel("Department").selectOption({ label: "Support" });
    await widget.getByRole("button", { name: "Start chat" }).click();
    const offer = agent.locator("#offers .offer");
    await offer.waitFor();
    await audit.check(agent, "console with an offer");
    await offer.getByRole("button", { name: "Accept" }).click();
    await agent.locator("textarea[data-chat-body]:visible").waitFor();
    await widget.getByText("Wen joined the chat.").waitFor();
    await audit.check(visitor, "widget chat");
    await audit.check(agent, "console with a chat open");
    audit.assertClean();
  } finally {
    await site.stop();
  }
});
