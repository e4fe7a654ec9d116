// Supervisor live view: keeps "time in state" and "longest wait" counting between server pushes.
// The server renders each start time (data-since) and its own clock (data-server-now), so a browser
// whose clock is off still counts from the server's time.
(() => {
  let offset = 0;
  const readOffset = () => {
    const marker = document.querySelector("[data-server-now]");
    if (marker) offset = Number(marker.dataset.serverNow) - Date.now();
  };
  const format = (ms) => {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  };
  const tick = () => {
    const now = Date.now() + offset;
    for (const el of document.querySelectorAll("time[data-since]")) {
      const text = format(now - Number(el.dataset.since));
      if (el.textContent !== text) el.textContent = text;
    }
  };
  readOffset();
  document.addEventListener("htmx:afterSettle", readOffset);
  setInterval(tick, 1000);
})();
