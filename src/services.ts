import type { Db } from "./db/index.ts";
import { PresenceService } from "./presence/index.ts";
import { attachReportLog } from "./reports/index.ts";
import { Routing } from "./routing/index.ts";
import { getSettings } from "./settings/index.ts";
import { type Clock, type EventBus, type Logger, SseHub, type TimerHandle } from "./shared/index.ts";

/** How long an agent's console may be silent before they are marked away (FEATURES C6). */
export const PRESENCE_TTL_MS = 60_000;
const SWEEP_EVERY_MS = 15_000;

export type Services = ReturnType<typeof createServices>;

/** The long-lived domain services, wired to each other and to the event bus. */
export function createServices(core: { db: Db; bus: EventBus; clock: Clock; log: Logger }) {
  const { db, bus, clock, log } = core;
  const presence = new PresenceService(db, bus, clock);
  const routing = new Routing({ db, bus, clock, log, presence, maxOpen: () => getSettings(db).maxOpenInteractions });
  const hub = new SseHub();
  let sweepTimer: TimerHandle | null = null;
  let detachReports: (() => void) | null = null;

  const sweep = () => {
    const away = presence.sweepStale(PRESENCE_TTL_MS);
    if (away.length) log.info("agents marked away", { agents: away });
    sweepTimer = clock.setTimeout(sweep, SWEEP_EVERY_MS);
  };

  return {
    presence,
    routing,
    hub,
    /** Restores timers and waiting work after a restart, then starts the presence sweeper. */
    start() {
      detachReports = attachReportLog(db, bus);
      presence.restore();
      routing.restore();
      sweepTimer = clock.setTimeout(sweep, SWEEP_EVERY_MS);
    },
    stop() {
      if (sweepTimer) clock.clearTimeout(sweepTimer);
      detachReports?.();
      routing.stop();
      presence.stop();
    },
  };
}
