// Page glue shared by every screen: error messages from htmx requests, "select all" boxes, and durations that count.
document.addEventListener("htmx:responseError", (event) => {
  const flash = document.getElementById("flash");
  if (!flash) return;
  const xhr = event.detail.xhr;
  flash.textContent = xhr.responseText && xhr.responseText.length < 300 ? xhr.responseText : `Request failed (${xhr.status}).`;
  flash.className = "flash error";
});
document.addEventListener("htmx:sendError", () => {
  const flash = document.getElementById("flash");
  if (flash) {
    flash.textContent = "The appliance cannot be reached. Check the network and try again.";
    flash.className = "flash error";
  }
});
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  for (const other of document.querySelectorAll(`input[name="${box.dataset.selectAll}"]`)) other.checked = box.checked;
});

// Durations (views/components/ticker.tsx) count on from the value the server rendered, from the moment each
// element appears, with the monotonic clock: the browser's wall clock never matters, and a fragment pushed
// later counts from its own render, so the console and the live view agree on every agent's time in state.
(() => {
  const seen = new WeakMap();
  const format = (ms) => {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  };
  const mark = (root) => {
    const now = performance.now();
    for (const el of root.querySelectorAll ? root.querySelectorAll(".ticker[data-ms]") : []) if (!seen.has(el)) seen.set(el, now);
    if (root.matches?.(".ticker[data-ms]") && !seen.has(root)) seen.set(root, now);
  };
  const tick = () => {
    const now = performance.now();
    for (const el of document.querySelectorAll(".ticker[data-ms]")) {
      if (!seen.has(el)) seen.set(el, now);
      const passed = now - seen.get(el);
      const text = format(Number(el.dataset.ms) + (el.dataset.dir === "down" ? -passed : passed));
      if (el.textContent !== text) el.textContent = text;
    }
  };
  mark(document);
  new MutationObserver((changes) => {
    for (const change of changes) for (const node of change.addedNodes) if (node.nodeType === 1) mark(node);
  }).observe(document.documentElement, { childList: true, subtree: true });
  setInterval(tick, 1000);
})();
// A form that takes a while on the server (an audio upload being converted) says so on its button.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy) return;
  const button = form.querySelector("button[type=submit]");
  if (button) {
    button.textContent = form.dataset.busy;
    button.setAttribute("aria-busy", "true");
    button.disabled = true;
  }
});
// "Copy" buttons: data-copy names the element whose text goes to the clipboard; a status line says it worked.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copied-for="${button.dataset.copy}"]`);
  if (!source) return;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const selectIt = () => {
    getSelection()?.selectAllChildren(source);
    say("Selected: press Ctrl+C to copy.");
  };
  if (!navigator.clipboard) return selectIt();
  navigator.clipboard.writeText(source.textContent.trim()).then(() => say("Copied."), selectIt);
});
