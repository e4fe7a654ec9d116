import { type Context, Hono } from "hono";
import { SalesforceSection } from "../../../views/console/salesforce.tsx";
import { requireRole } from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody } from "../../http/request.ts";
import type { PopResult } from "../../integrations/salesforce/index.ts";
import { FormReader, NotFound } from "../../shared/index.ts";
import { revealer } from "../console-model.ts";

/** The Salesforce section of a work tab (FEATURES I1): the lookup, choosing among matches, Create contact. */
export function salesforceRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("/console/work/:id/salesforce/*", requireRole("agent", "supervisor", "admin"));
  app.use("/console/work/:id/salesforce", requireRole("agent", "supervisor", "admin"));

  /** The interaction id, when it is the agent's own (another agent's looks like a missing one). */
  const own = (id: string, agentId: string) => {
    if (deps.routing.get(id).agentId !== agentId) throw new NotFound("No such interaction.");
    return id;
  };

  /** The lookup, with numbers and addresses masked for agents whose profile says so (like the rest of the console). */
  const pop = async (c: Context<AuthedEnv>, id: string): Promise<PopResult> => {
    const result = await deps.salesforce.pop(id);
    if (result.kind !== "found") return result;
    const reveal = revealer(deps, c.get("user"));
    const contacts = result.contacts.map((k) => ({ ...k, phone: reveal(k.phone), email: reveal(k.email) }));
    return { ...result, contacts, lookup: { ...result.lookup, value: reveal(result.lookup.value) } };
  };

  app.get("/console/work/:id/salesforce", async (c) => {
    const id = own(c.req.param("id"), c.get("user").id);
    return c.html(<SalesforceSection workId={id} result={await pop(c, id)} csrf={c.get("csrfToken")} />);
  });

  app.post("/console/work/:id/salesforce/contact", async (c) => {
    const id = own(c.req.param("id"), c.get("user").id);
    const contactId = new FormReader(await formBody(c)).text("contactId", { label: "Contact", required: true, max: 18 });
    const result = await pop(c, id);
    // Only one of the matches shown can be chosen: a crafted id never becomes the call log's contact.
    if (result.kind !== "found" || !result.contacts.some((k) => k.id === contactId))
      return c.html(
        <SalesforceSection workId={id} result={result} csrf={c.get("csrfToken")} message="Choose one of the contacts listed." />,
        422,
      );
    deps.salesforce.link(id, contactId);
    return c.html(<SalesforceSection workId={id} result={{ ...result, linked: contactId }} csrf={c.get("csrfToken")} />);
  });

  app.post("/console/work/:id/salesforce/create", async (c) => {
    const id = own(c.req.param("id"), c.get("user").id);
    const form = new FormReader(await formBody(c));
    const values = {
      firstName: form.text("firstName", { label: "First name", max: 40 }),
      lastName: form.text("lastName", { label: "Last name", required: true, max: 80 }),
    };
    const problem = Object.values(form.errors)[0];
    if (problem)
      return c.html(
        <SalesforceSection workId={id} result={await pop(c, id)} csrf={c.get("csrfToken")} message={problem} values={values} />,
        422,
      );
    // A Salesforce failure is not the agent's mistake: the section says so calmly, and the work goes on.
    let message: string | null = null;
    try {
      await deps.salesforce.createContact(id, values);
    } catch (err) {
      message = `Salesforce did not create the contact (${(err as Error).message.slice(0, 200)}). The interaction goes on.`;
    }
    const result = await pop(c, id);
    return c.html(
      <SalesforceSection workId={id} result={result} csrf={c.get("csrfToken")} message={message} values={message ? values : undefined} />,
    );
  });

  return app as unknown as Hono<Env>;
}
