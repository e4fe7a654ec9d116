// The console's browser side (FEATURES C3, C4, C6, C7). The server decides every state and action;
// this only merges pushed work tabs, switches tabs and maps shortcuts (offers.js rings for every page).
(() => {
  const root = document.getElementById("console");
  if (!root) return;
  const work = document.getElementById("work");
  const flash = document.getElementById("flash");
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";

  // An open page is a present agent (C6); the event stream's pings say the same.
  setInterval(() => {
    fetch("/console/heartbeat", { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" }).catch(() => {});
  }, 20_000);

  const showFlash = (text, kind) => {
    if (!flash) return;
    flash.textContent = text;
    flash.className = `flash ${kind === "ok" ? "ok" : "error"}`;
  };
  // A new action replaces the last message, so an old error never seems to belong to it. Reads that refresh a
  // card (My statistics after every push, colleagues) are not actions: they leave the message alone.
  root.addEventListener("htmx:beforeRequest", (event) => {
    if (!flash || event.detail.requestConfig?.verb === "get") return;
    flash.textContent = "";
    flash.className = "";
  });

  root.addEventListener("htmx:sseBeforeMessage", (event) => {
    const target = event.target;
    if (target.id === "console-flash") {
      event.preventDefault();
      try {
        const { text, kind } = JSON.parse(event.detail.data);
        showFlash(String(text), kind);
      } catch {}
    } else if (target === work) {
      event.preventDefault();
      mergeWork(event.detail.data);
    }
  });

  // Tabs (ARIA tabs pattern): switching only shows another panel, so each keeps its own DOM and state.
  const tabs = () => [...work.querySelectorAll('[role="tab"][data-work-id]')];
  let selected = sessionStorage.getItem("console:tab");
  const select = (id, focus) => {
    const all = tabs();
    const tab = all.find((t) => t.dataset.workId === id) ?? all[0];
    if (!tab) return;
    selected = tab.dataset.workId;
    sessionStorage.setItem("console:tab", selected);
    for (const t of all) {
      t.setAttribute("aria-selected", String(t === tab));
      t.tabIndex = t === tab ? 0 : -1;
    }
    for (const panel of work.querySelectorAll('[role="tabpanel"][data-work-id]')) panel.hidden = panel.dataset.workId !== selected;
    if (focus) tab.focus();
  };
  work.addEventListener("click", (event) => {
    const tab = event.target.closest('[role="tab"][data-work-id]');
    if (tab) select(tab.dataset.workId, true);
    const sf = event.target.closest("[data-sf-tab]");
    if (sf) selectSalesforceTab(sf);
  });
  // The Salesforce section's own tabs (Contact, Cases, …) inside a work tab.
  const selectSalesforceTab = (tab) => {
    const box = tab.closest(".sf-contact");
    for (const t of box.querySelectorAll("[data-sf-tab]")) {
      t.setAttribute("aria-selected", String(t === tab));
      t.tabIndex = t === tab ? 0 : -1;
    }
    for (const p of box.querySelectorAll("[data-sf-panel]")) p.hidden = p.dataset.sfPanel !== tab.dataset.sfTab;
  };
  work.addEventListener("keydown", (event) => {
    const sf = event.target.closest("[data-sf-tab]");
    if (sf) {
      const all = [...sf.parentElement.querySelectorAll("[data-sf-tab]")];
      const at = all.indexOf(sf);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      const next = all[(to + all.length) % all.length];
      selectSalesforceTab(next);
      next.focus();
      return;
    }
    const tab = event.target.closest('[role="tab"][data-work-id]');
    const all = tabs();
    const at = all.indexOf(tab);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(all[(to + all.length) % all.length].dataset.workId, true);
  });
  select(selected);

  // A pushed `work` fragment is merged panel by panel: parts whose data-rev is unchanged stay as they are.
  function mergeWork(html) {
    const next = document.createElement("template");
    next.innerHTML = html;
    const before = new Set(tabs().map((t) => t.dataset.workId));
    for (const selector of ['[role="tablist"]', ".work-empty"]) {
      const fresh = next.content.querySelector(selector);
      const old = work.querySelector(selector);
      if (fresh && old) {
        old.replaceWith(fresh);
        htmx.process(fresh);
      }
    }
    const panels = work.querySelector(".work-panels");
    const wanted = new Set();
    for (const fresh of next.content.querySelectorAll('[role="tabpanel"][data-work-id]')) {
      wanted.add(fresh.id);
      const old = document.getElementById(fresh.id);
      if (!old) {
        panels.append(fresh);
        htmx.process(fresh);
        continue;
      }
      for (const part of fresh.querySelectorAll(":scope > [data-part]")) {
        const current = old.querySelector(`:scope > [data-part="${part.dataset.part}"]`);
        if (current && current.dataset.rev === part.dataset.rev) continue;
        if (current) current.replaceWith(part);
        else old.append(part);
        htmx.process(part);
      }
    }
    for (const old of [...panels.children]) if (!wanted.has(old.id)) htmx.remove(old);
    const added = tabs().find((t) => !before.has(t.dataset.workId));
    select(added ? added.dataset.workId : selected);
  }

  const ask = document.getElementById("ask-notify");
  if (ask && "Notification" in window && Notification.permission === "default") {
    ask.hidden = false;
    ask.addEventListener("click", () => {
      Notification.requestPermission().finally(() => {
        ask.hidden = true;
      });
    });
  }

  // Dial pad (V3): the keys type into the number field; a call that started clears it.
  const dial = document.getElementById("dial");
  const dialNumber = document.getElementById("dial-number");
  dial?.addEventListener("click", (event) => {
    const key = event.target.closest("[data-dial-key]");
    if (!key || !dialNumber) return;
    dialNumber.value += key.dataset.dialKey;
    dialNumber.focus();
  });
  dial?.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful && dialNumber) dialNumber.value = "";
  });

  // Shortcuts (C7): Alt+letter presses the visible button that declares it in aria-keyshortcuts.
  const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || !/^Key[A-Z]$/.test(event.code)) return;
    const combo = `Alt+${event.code.slice(3)}`;
    const button = [...root.querySelectorAll(`button[aria-keyshortcuts="${combo}"]`)].find(visible);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
