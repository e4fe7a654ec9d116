/** "m:ss" (or "h:mm:ss") for a duration. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * A duration the page keeps counting (static/app.js), on the console and the supervisor's live view alike. The
 * server renders it by its own clock at render time; the page counts on from the moment the element appears,
 * with the browser's monotonic clock. The browser's wall clock (often minutes off) never enters into it, so every
 * page shows the same time in state for the same agent.
 */
export function Ticker({ ms, countdown = false }: { ms: number; countdown?: boolean }) {
  return (
    <span class="ticker" role="timer" data-ms={String(Math.max(0, Math.round(ms)))} data-dir={countdown ? "down" : "up"}>
      {formatDuration(ms)}
    </span>
  );
}
