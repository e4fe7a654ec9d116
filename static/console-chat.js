// The chat panels of the console (FEATURES W2, A5, C4, C6). The server renders every message and control;
// this keeps each message once in sequence order, shows a sent message as "Sending…" until the server has
// it, sends on Enter, expands /shortcuts, signals typing, and clears the visitor's typing line.
(() => {
  const work = document.getElementById("work");
  if (!work) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";
  const TYPING_EVERY_MS = 3000;
  const TYPING_SHOWN_MS = 6000;

  const newClientId = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const panelOf = (el) => el.closest(".chat");
  const logOf = (el) => panelOf(el)?.querySelector(".chat-log");

  // A message can come from the tab's load, the send answer, a push and a reconnect snapshot: keep one of each.
  function tidy(log) {
    const kept = new Map();
    for (const li of log.querySelectorAll(":scope > li[data-seq]")) {
      if (kept.has(li.dataset.seq)) li.remove();
      else kept.set(li.dataset.seq, li);
    }
    const delivered = new Set([...kept.values()].map((li) => li.dataset.clientId).filter(Boolean));
    for (const li of log.querySelectorAll(":scope > li.pending")) if (delivered.has(li.dataset.clientId)) li.remove();
    const ordered = [...kept.values()].sort((a, b) => Number(a.dataset.seq) - Number(b.dataset.seq));
    const now = [...log.querySelectorAll(":scope > li[data-seq]")];
    if (ordered.some((li, n) => now[n] !== li)) {
      const firstPending = log.querySelector(":scope > li.pending");
      for (const li of ordered) log.insertBefore(li, firstPending);
    }
  }

  const typingTimers = new WeakMap();
  const clearTyping = (panel) => {
    const line = panel?.querySelector(".chat-typing");
    if (line?.firstChild) line.replaceChildren();
  };
  new MutationObserver((records) => {
    const logs = new Set();
    for (const r of records) {
      const target = r.target instanceof Element ? r.target : null;
      if (target?.matches(".chat-log")) logs.add(target);
      if (target?.matches(".chat-typing") && target.firstChild) {
        clearTimeout(typingTimers.get(target));
        typingTimers.set(
          target,
          setTimeout(() => target.replaceChildren(), TYPING_SHOWN_MS),
        );
      }
      if ([...r.addedNodes].some((n) => n instanceof Element && n.matches("li.chat-visitor"))) clearTyping(panelOf(target));
    }
    for (const log of logs) {
      tidy(log);
      log.scrollTop = log.scrollHeight;
    }
  }).observe(work, { childList: true, subtree: true });

  // Sending: a "Sending…" line until the answer; on success the stored message replaces it.
  const pendingLine = (form) => {
    const li = document.createElement("li");
    li.className = "chat-msg chat-agent mine pending";
    li.dataset.clientId = form.elements.clientId.value;
    const text = document.createElement("p");
    text.className = "chat-text";
    text.textContent = form.elements.body.value;
    const state = document.createElement("small");
    state.className = "chat-state";
    state.textContent = "Sending…";
    li.append(text, state);
    return li;
  };
  const pendingOf = new WeakMap();
  work.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (!form.matches?.("form.chat-compose") || !form.elements.body.value.trim()) return;
    const log = logOf(form);
    const id = form.elements.clientId.value;
    let line = log?.querySelector(`li.pending[data-client-id="${CSS.escape(id)}"]`);
    if (log && !line) {
      line = pendingLine(form);
      log.append(line);
    } else if (line) {
      line.classList.remove("failed");
      line.querySelector(".chat-state").textContent = "Sending…";
    }
    pendingOf.set(form, line);
  });
  work.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt;
    const status = event.detail.xhr?.status ?? 0;
    if (elt.matches?.("form.chat-upload") && status >= 200 && status < 300) {
      elt.reset();
      elt.elements.clientId.value = newClientId();
    }
    if (!elt.matches?.("form.chat-compose")) return;
    // After a refusal (422) the form has been replaced by the server's, so the line is found by its form.
    const pending = pendingOf.get(elt);
    if (status >= 200 && status < 300) {
      elt.elements.body.value = "";
      elt.elements.clientId.value = newClientId();
    } else if (status === 422) pending?.remove();
    else if (pending) {
      // Kept with its id: pressing Send again retries, and the server stores it once.
      pending.classList.add("failed");
      pending.querySelector(".chat-state").textContent = "Not sent. Press Send to try again.";
    }
  });

  // /shortcut then Tab, Enter or space becomes the predefined message; an unknown one stays as typed.
  function expand(box) {
    const caret = box.selectionStart;
    if (caret !== box.selectionEnd) return false;
    const match = /(?:^|\s)\/([A-Za-z0-9_-]{1,30})$/.exec(box.value.slice(0, caret));
    if (!match) return false;
    const wanted = match[1].toLowerCase();
    const options = panelOf(box)?.querySelectorAll("select[data-chat-predefined] option[data-shortcut]") ?? [];
    const found = [...options].find((o) => o.dataset.shortcut.toLowerCase() === wanted);
    if (!found) return false;
    box.setRangeText(found.dataset.body, caret - wanted.length - 1, caret, "end");
    return true;
  }
  work.addEventListener("keydown", (event) => {
    const box = event.target;
    if (!box.matches?.("textarea[data-chat-body]") || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === "Tab" || event.key === "Enter" || event.key === " ") && !event.shiftKey && expand(box)) {
      if (event.key !== " ") event.preventDefault();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });

  work.addEventListener("click", (event) => {
    const insert = event.target.closest?.("button[data-chat-insert]");
    const picker = insert?.parentElement.querySelector("select[data-chat-predefined]");
    const box = insert?.form?.elements.body;
    if (!picker?.value || !box) return;
    const body = picker.selectedOptions[0]?.dataset.body ?? "";
    picker.value = "";
    box.focus();
    box.setRangeText(body, box.selectionStart, box.selectionEnd, "end");
  });

  // The visitor sees "<alias> is typing…": at most one signal every few seconds per chat.
  const lastTyping = new Map();
  work.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches?.("textarea[data-chat-body]") || !box.value.trim()) return;
    const url = panelOf(box)?.dataset.typingUrl;
    const now = Date.now();
    if (!url || now - (lastTyping.get(url) ?? 0) < TYPING_EVERY_MS) return;
    lastTyping.set(url, now);
    fetch(url, { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" }).catch(() => {});
  });
})();
