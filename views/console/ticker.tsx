/** "m:ss" (or "h:mm:ss") for a duration. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * A duration the page keeps counting (static/console.js): the server renders the value at render
 * time, so the browser's own clock never has to agree with the appliance's.
 */
export function Ticker({ ms, countdown = false }: { ms: number; countdown?: boolean }) {
  return (
    <span class="ticker" role="timer" data-ms={String(Math.max(0, Math.round(ms)))} data-dir={countdown ? "down" : "up"}>
      {formatDuration(ms)}
    </span>
  );
}
