import { type Context, Hono } from "hono";
import { AgentCells } from "../../views/supervisor/agent-row.tsx";
import { BoardContent, QueueCells, SupervisorPage, TeamSummary } from "../../views/supervisor/live.tsx";
import { requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";
import { loadAgentRows } from "./agent-rows.ts";
import { loadBoard } from "./board.ts";
import { endAgentWrapUp, forceAgentState, notReadyReasons, STATE_CHOICES } from "./force-state.ts";
import { attachSupervisorLiveWith } from "./live.ts";
import { loadQueueRows } from "./queue-figures.ts";
import { assertAgentInScope, assertQueueInScope } from "./scope.ts";

type C = Context<AuthedEnv>;

/** The supervisor's live view and controls (FEATURES S1, S3), for supervisors and admins. */
export function supervisorRoutes(deps: AppDeps): Hono<Env> {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const reasons = () => notReadyReasons(getSettings(db).notReadyReasons);
  const viewer = (c: C) => ({ id: c.get("user").id, role: c.get("user").role, name: c.get("user").username });
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });
  const board = (c: C) => loadBoard(db, viewer(c), reasons(), clock.now());
  const agentRow = (c: C, id: string) => {
    assertAgentInScope(db, viewer(c), id);
    return loadAgentRows(db, [id], reasons()).get(id);
  };

  app.use("*", requireRole("supervisor", "admin"));
  app.get("/", (c) => c.html(<SupervisorPage {...frame(c)} board={board(c)} />));
  app.get("/board", (c) => c.html(<BoardContent board={board(c)} />));

  app.get("/agents/:id/row", (c) => {
    const row = agentRow(c, c.req.param("id"));
    return row ? c.html(<AgentCells agent={row} now={clock.now()} />) : c.notFound();
  });

  app.get("/queues/:id/row", (c) => {
    const id = c.req.param("id");
    assertQueueInScope(db, viewer(c), id);
    const row = loadQueueRows(db, [id], clock.now()).get(id);
    return row ? c.html(<QueueCells queue={row} now={clock.now()} />) : c.notFound();
  });

  app.post("/agents/:id/state", async (c) => {
    const agentId = c.req.param("id");
    const form = new FormReader(await formBody(c));
    const to = form.oneOf("to", "New state", STATE_CHOICES);
    const reason = form.text(`reason-${agentId}`, { label: "Reason", max: 60 });
    try {
      form.done();
      forceAgentState({ db, presence: deps.presence, now: clock.now() }, viewer(c), { agentId, to, reason }, reasons());
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const row = agentRow(c, agentId);
      const message = Object.values(err.fields)[0] ?? err.message;
      if (isHtmx(c) && row) return c.html(<AgentCells agent={row} now={clock.now()} error={message} />, 422);
      return c.html(<SupervisorPage {...frame(c)} board={board(c)} message={message} />, 422);
    }
    if (!isHtmx(c)) return c.redirect("/supervisor", 303);
    const row = agentRow(c, agentId);
    return row ? c.html(<AgentCells agent={row} now={clock.now()} />) : c.body(null, 204);
  });

  app.post("/agents/:id/end-wrap-up", (c) => {
    const agentId = c.req.param("id");
    endAgentWrapUp({ db, routing: deps.routing, now: clock.now() }, viewer(c), agentId);
    if (!isHtmx(c)) return c.redirect("/supervisor", 303);
    const row = agentRow(c, agentId);
    return row ? c.html(<AgentCells agent={row} now={clock.now()} />) : c.body(null, 204);
  });

  return app as unknown as Hono<Env>;
}

/** Starts pushing changed rows to the supervisors who may see them; returns a function that stops it. */
export function attachSupervisorLive(deps: AppDeps): () => void {
  return attachSupervisorLiveWith(
    { ...deps, reasons: () => notReadyReasons(getSettings(deps.db).notReadyReasons) },
    {
      agentRow: (row, now) => String(<AgentCells agent={row} now={now} />),
      queueRow: (row, now) => String(<QueueCells queue={row} now={now} />),
      teamSummary: (counts) => String(<TeamSummary counts={counts} />),
    },
  );
}
