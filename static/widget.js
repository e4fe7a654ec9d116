/*
 * Switchboard web chat widget (FEATURES W1, W2, W3, W8, W9). Paste on a page of an allowed origin:
 *   <script src="https://BOX/widget.js" async></script>
 * Context for the agent (at most 10 fields of 200 characters), before or after the script loads; the agent sees
 * the keys that name an attached-data field of Admin → Settings ("Account number", accountNumber or account_number):
 *   window.Switchboard = { context: { "Account number": "A-1001" } };   // before
 *   window.Switchboard.setContext({ GPS: "45.07,7.68" });               // after
 * Everything typed by anyone is inserted as text (textContent), never as HTML.
 */
(() => {
  if (window.Switchboard?.loaded) return;
  const script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  const BOX = new URL(script?.src || "/widget.js", location.href).origin;
  const API = `${BOX}/widget/api`;
  const STORE = `switchboard-chat:${BOX}`;
  const context = {};
  // On an invitation page (GET /connect/<token>, FEATURES W7) the script tag carries the link's token.
  const INVITE = script?.dataset?.invite || null;

  const api = {
    loaded: true,
    /** Merges context fields (text values) sent with the next chat request; configured fields reach the agent. */
    setContext(fields) {
      if (!fields || typeof fields !== "object") return;
      for (const [k, v] of Object.entries(fields))
        if (v !== undefined && v !== null) context[String(k).slice(0, 40)] = String(v).slice(0, 200);
    },
    open: () => openPanel(),
    close: () => closePanel(),
  };
  const before = window.Switchboard;
  if (before?.context) api.setContext(before.context);
  if (Array.isArray(before?.q)) for (const fields of before.q) api.setContext(fields);
  window.Switchboard = api;

  // ---- small DOM helpers: every text goes through textContent ----
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v === true) node.setAttribute(k, "");
      else if (v !== false && v !== undefined && v !== null) node.setAttribute(k, String(v));
    }
    for (const c of children) if (c) node.append(c);
    return node;
  };
  let uid = 0;
  const nextId = (p) => `sbw-${p}-${++uid}`;
  const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");

  // ---- state ----
  let session = load();
  let departments = [];
  let centerName = "us";
  let lastSeq = 0;
  let streamAbort = null;
  let retryMs = 1000;
  let phase = null;
  let answered = false; // an agent took the current chat at some point
  let invite = null; // the invitation this page offers, once read
  const shown = new Map(); // seq -> element
  const pending = new Map(); // clientId -> element

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE) || "null");
    } catch {
      return null;
    }
  }
  function save() {
    try {
      if (session) sessionStorage.setItem(STORE, JSON.stringify(session));
      else sessionStorage.removeItem(STORE);
    } catch {}
  }
  // Who the visitor said they are, kept for their next chat in this tab ("Start a new chat").
  const ME = `${STORE}:me`;
  function rememberMe(name, email) {
    try {
      sessionStorage.setItem(ME, JSON.stringify({ name, email }));
    } catch {}
  }
  function rememberedMe() {
    try {
      return JSON.parse(sessionStorage.getItem(ME) || "null") || { name: "", email: "" };
    } catch {
      return { name: "", email: "" };
    }
  }

  async function call(method, path, body) {
    const headers = {};
    if (session?.token) headers.authorization = `Bearer ${session.token}`;
    let payload = body;
    if (body && !(body instanceof FormData)) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${API}${path}`, { method, headers, body: payload, mode: "cors", credentials: "omit" });
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    return { ok: res.ok, status: res.status, data };
  }

  // ---- the frame: launcher + panel in a shadow root, so the host page's styles stay out ----
  const host = el("div", { id: "switchboard-chat" });
  const root = host.attachShadow({ mode: "open" });
  root.append(el("link", { rel: "stylesheet", href: `${BOX}/widget.css` }));
  const launcher = el("button", {
    type: "button",
    class: "launcher",
    "aria-expanded": "false",
    text: "Chat with us",
    onclick: () => openPanel(),
  });
  const title = el("h2", { id: nextId("title"), text: "Chat with us" });
  const body = el("div", { class: "body" });
  const panel = el(
    "section",
    { class: "panel", role: "dialog", "aria-labelledby": title.id, hidden: true },
    el("header", {}, title, el("button", { type: "button", class: "minimize", text: "Minimize", onclick: () => closePanel() })),
    body,
  );
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") closePanel();
  });
  root.append(launcher, panel);

  function openPanel() {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    if (session) session.open = true;
    save();
    if (!body.firstChild) render();
    panel.querySelector("input, textarea, select, button:not(.minimize)")?.focus();
  }
  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    if (session) session.open = false;
    save();
    launcher.focus();
  }

  function show(...nodes) {
    body.classList.remove("ended");
    body.replaceChildren(...nodes);
  }

  function render() {
    if (session) showConversation();
    else if (invite) showInvite();
    else showPreChat();
  }

  // ---- forms ----
  function field(label, input, hint) {
    const id = nextId("f");
    const err = el("p", { class: "error", id: `${id}-err`, hidden: true });
    input.id = id;
    input.setAttribute("aria-describedby", err.id);
    return { wrap: el("div", { class: "field" }, el("label", { for: id, text: label }), hint, input, err), input, err };
  }
  function showErrors(fields, errors, alert, message) {
    for (const [name, f] of Object.entries(fields)) {
      const msg = errors?.[name];
      f.err.hidden = !msg;
      f.err.textContent = msg || "";
      if (msg) f.input.setAttribute("aria-invalid", "true");
      else f.input.removeAttribute("aria-invalid");
    }
    alert.textContent = message || "";
    alert.hidden = !message;
  }

  function showPreChat(notice) {
    const open = departments.filter((d) => d.open);
    if (!open.length) return showOffline(notice || closedNotice());
    const fields = {
      name: field("Your name", el("input", { name: "name", maxlength: 80, autocomplete: "name", required: true })),
      email: field("Your email", el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "email", required: true })),
      department: field("Department", el("select", { name: "department" }, ...departments.map((d) => option(d)))),
    };
    fields.department.input.value = open[0].id;
    const me = rememberedMe();
    fields.name.input.value = me.name;
    fields.email.input.value = me.email;
    const alert = el("p", { class: "alert", role: "alert", hidden: true });
    const form = el(
      "form",
      { class: "prechat", novalidate: true },
      notice ? el("p", { class: "notice", text: notice }) : null,
      fields.name.wrap,
      fields.email.wrap,
      fields.department.wrap,
      alert,
      el("button", { type: "submit", class: "primary", text: "Start chat" }),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const chosen = departments.find((d) => d.id === fields.department.input.value);
      if (chosen && !chosen.open) return showOffline(closedNotice(chosen), chosen.id);
      const input = { name: fields.name.input.value, email: fields.email.input.value, department: fields.department.input.value, context };
      const res = await call("POST", "/conversations", input);
      if (res.status === 409) return refreshDepartments().then(() => showOffline(res.data.error, input.department));
      if (!res.ok) return showErrors(fields, res.data.fields, alert, res.data.error || "The chat could not start. Try again.");
      session = { id: res.data.conversationId, token: res.data.token, email: input.email, open: true };
      save();
      rememberMe(input.name, input.email);
      showConversation();
    });
    show(form);
  }
  function showInvite() {
    const fields = {
      name: field("Your name", el("input", { name: "name", maxlength: 80, autocomplete: "name", required: true })),
      email: field("Your email", el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "email", required: true })),
    };
    fields.name.input.value = invite.name;
    fields.email.input.value = invite.email;
    const alert = el("p", { class: "alert", role: "alert", hidden: true });
    const form = el(
      "form",
      { class: "prechat", novalidate: true },
      el("p", { class: "notice", text: `${invite.alias} invited you to a chat with ${invite.department}.` }),
      fields.name.wrap,
      fields.email.wrap,
      alert,
      el("button", { type: "submit", class: "primary", text: "Start chat" }),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const input = { name: fields.name.input.value, email: fields.email.input.value, context };
      const res = await call("POST", `/invites/${encodeURIComponent(INVITE)}/start`, input);
      if (!res.ok) return showErrors(fields, res.data.fields, alert, res.data.error || "The chat could not start. Try again.");
      invite = null;
      session = { id: res.data.conversationId, token: res.data.token, email: input.email, open: true, invite: INVITE };
      save();
      showConversation();
    });
    show(form);
  }
  function option(d) {
    return el("option", { value: d.id, text: d.open ? d.name : `${d.name} (closed)` });
  }
  function closedNotice(d) {
    const offline = d ? d.offlineForm : departments.some((x) => x.offlineForm);
    return offline
      ? "Nobody can chat right now. Leave a message and we will get back to you."
      : "We are closed right now. Please come back later.";
  }

  function showOffline(notice, departmentId) {
    if (!departments.some((d) => d.offlineForm)) return show(el("p", { class: "notice", role: "status", text: notice }));
    const fields = {
      name: field("Your name", el("input", { name: "name", maxlength: 80, autocomplete: "name", required: true })),
      email: field("Your email", el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "email", required: true })),
      message: field("Your message", el("textarea", { name: "message", maxlength: 2000, rows: 4, required: true })),
    };
    const alert = el("p", { class: "alert", role: "alert", hidden: true });
    const form = el(
      "form",
      { class: "offline", novalidate: true },
      el("p", { class: "notice", text: notice }),
      fields.name.wrap,
      fields.email.wrap,
      fields.message.wrap,
      alert,
      el("button", { type: "submit", class: "primary", text: "Send message" }),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const res = await call("POST", "/offline", {
        name: fields.name.input.value,
        email: fields.email.input.value,
        message: fields.message.input.value,
        department: departmentId || "",
      });
      if (!res.ok) return showErrors(fields, res.data.fields, alert, res.data.error || "The message could not be sent. Try again.");
      show(el("p", { class: "notice", role: "status", text: "Thank you! Your message has been sent. We will answer by email." }));
    });
    show(form);
  }

  // ---- the conversation ----
  const ui = {};
  function showConversation() {
    shown.clear();
    pending.clear();
    lastSeq = 0;
    answered = false;
    phase = null;
    ui.status = el("p", { class: "status", role: "status", text: "Connecting…" });
    ui.log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Messages" });
    ui.typing = el("p", { class: "typing", hidden: true });
    ui.text = el("textarea", { rows: 2, maxlength: 2000, "aria-label": "Type your message", placeholder: "Type your message" });
    ui.text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        sendText();
      }
    });
    ui.text.addEventListener("input", signalTyping);
    const fileId = nextId("file");
    ui.file = el("input", {
      type: "file",
      id: fileId,
      class: "file",
      accept: "image/png,image/jpeg,image/gif,application/pdf,text/plain,.docx",
    });
    ui.file.addEventListener("change", () => {
      const f = ui.file.files?.[0];
      ui.file.value = "";
      if (f) sendFile(f);
    });
    ui.composer = el(
      "form",
      {
        class: "composer",
        onsubmit: (e) => {
          e.preventDefault();
          sendText();
        },
      },
      ui.text,
      el(
        "div",
        { class: "actions" },
        el("label", { for: fileId, class: "attach", text: "Attach a file" }),
        ui.file,
        el("button", { type: "submit", class: "primary", text: "Send" }),
      ),
    );
    ui.end = el("button", { type: "button", class: "end", text: "End chat", onclick: endChat });
    ui.after = el("div", { class: "after" });
    show(ui.status, ui.log, ui.typing, ui.composer, ui.end, ui.after);
    connect();
  }

  function setStatus(state) {
    phase = state.phase;
    if (phase === "active" || state.answered) answered = true;
    const ended = phase === "ended" || phase === "offline";
    ui.composer.hidden = ended;
    ui.end.hidden = ended;
    body.classList.toggle("ended", ended);
    if (phase === "waiting") ui.status.textContent = waitingText(state.standing);
    else if (phase === "active") ui.status.textContent = `You are chatting with ${state.alias || "an agent"}.`;
    else ui.status.textContent = "The chat has ended.";
    if (ended) showAfter(state.rated);
  }
  function waitingText(s) {
    let t = "Waiting for an agent.";
    if (s) t += ` You are number ${s.position} in line.`;
    if (s?.busy) t += " All our agents are busy right now; we will answer you as soon as one is free.";
    else if (s && s.estimateS !== null)
      t += s.estimateS < 60 ? " Estimated wait: less than a minute." : ` Estimated wait: about ${Math.round(s.estimateS / 60)} minutes.`;
    return t;
  }

  function addMessage(m) {
    if (shown.has(m.seq)) return;
    if (m.seq > lastSeq) lastSeq = m.seq;
    const mine = m.clientId ? pending.get(m.clientId) : null;
    if (mine) {
      pending.delete(m.clientId);
      markDelivered(mine, m);
      shown.set(m.seq, mine);
      return;
    }
    const node = messageNode(m.from, m.from === "visitor" ? "You" : m.from === "agent" ? m.alias || "Agent" : "", m.body, m.attachment);
    node.dataset.seq = String(m.seq);
    if (m.from === "visitor") node.append(el("span", { class: "state", text: "Delivered" }));
    shown.set(m.seq, node);
    insertInOrder(node, m.seq);
    if (m.from === "agent") ui.typing.hidden = true;
  }
  function insertInOrder(node, seq) {
    const later = [...ui.log.children].find((c) => c.dataset.seq && Number(c.dataset.seq) > seq);
    ui.log.insertBefore(node, later || null);
    ui.log.scrollTop = ui.log.scrollHeight;
  }
  function messageNode(from, who, text, attachment) {
    const node = el("div", { class: `msg msg-${from}` });
    if (who) node.append(el("span", { class: "who", text: who }));
    if (text) node.append(el("p", { class: "text", text }));
    if (attachment) node.append(attachmentNode(attachment));
    return node;
  }
  function attachmentNode(a) {
    const wrap = el("div", { class: "file-box" });
    if (a.removed) {
      wrap.append(el("span", { text: `${a.name} (removed: files are kept for a limited time)` }));
      return wrap;
    }
    const download = el("button", { type: "button", class: "link", text: `Download ${a.name}`, onclick: () => downloadFile(a) });
    wrap.append(download);
    if (a.mime.startsWith("image/")) {
      fetchFile(a).then((url) => {
        if (url) wrap.prepend(el("img", { src: url, alt: `Image: ${a.name}` }));
      });
    }
    return wrap;
  }
  async function fetchFile(a) {
    const res = await fetch(`${API}/conversations/${session.id}/attachments/${a.id}`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    return res.ok ? URL.createObjectURL(await res.blob()) : null;
  }
  async function downloadFile(a) {
    const url = await fetchFile(a);
    if (!url) return;
    const link = el("a", { href: url, download: a.name });
    root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  function markDelivered(node, m) {
    node.dataset.seq = String(m.seq);
    node.querySelector(".state").textContent = "Delivered";
    node.classList.remove("failed");
    node.querySelector(".retry")?.remove();
    if (m.attachment && !node.querySelector(".file-box")) {
      node.querySelector(".text")?.remove();
      node.insertBefore(attachmentNode(m.attachment), node.querySelector(".state"));
    }
  }

  function sendText() {
    const text = ui.text.value.trim();
    if (!text || phase === "ended") return;
    ui.text.value = "";
    deliver(text, null);
  }
  function sendFile(file) {
    deliver(`Sending ${file.name}…`, file);
  }
  function deliver(text, file) {
    const clientId = randomId();
    const node = messageNode("visitor", "You", text, null);
    node.append(el("span", { class: "state", text: "Sending…" }));
    pending.set(clientId, node);
    ui.log.append(node);
    ui.log.scrollTop = ui.log.scrollHeight;
    const attempt = async () => {
      let res;
      try {
        if (file) {
          const form = new FormData();
          form.append("file", file, file.name);
          form.append("clientId", clientId);
          res = await call("POST", `/conversations/${session.id}/attachments`, form);
        } else res = await call("POST", `/conversations/${session.id}/messages`, { body: text, clientId });
      } catch {
        res = { ok: false, data: { error: "Not sent: the connection failed." } };
      }
      if (res.ok) return addMessage(res.data.message);
      node.classList.add("failed");
      node.querySelector(".state").textContent = res.data.error || "Not sent.";
      if (!node.querySelector(".retry") && res.status !== 422)
        node.append(el("button", { type: "button", class: "retry link", text: "Retry", onclick: () => attempt() }));
    };
    attempt();
  }

  let lastTyping = 0;
  function signalTyping() {
    const now = Date.now();
    if (now - lastTyping < 3000 || phase === "ended") return;
    lastTyping = now;
    call("POST", `/conversations/${session.id}/typing`).catch(() => {});
  }
  let typingTimer = 0;
  function showTyping(alias) {
    ui.typing.textContent = `${alias || "The agent"} is typing…`;
    ui.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      ui.typing.hidden = true;
    }, 5000);
  }

  async function endChat() {
    const res = await call("POST", `/conversations/${session.id}/end`).catch(() => null);
    if (res?.ok) setStatus(res.data);
  }

  function showAfter(rated) {
    if (ui.after.firstChild) return;
    streamAbort?.abort();
    const parts = [];
    // A chat no agent answered (the visitor ended it while waiting) has nothing to rate.
    if (!rated && answered) parts.push(ratingForm());
    parts.push(transcriptForm());
    parts.push(el("button", { type: "button", class: "link", text: "Start a new chat", onclick: newChat }));
    ui.after.replaceChildren(...parts);
    // The log above may be long: what to do next must not be hidden below it.
    ui.after.scrollIntoView({ block: "nearest" });
  }
  function ratingForm() {
    const labels = ["1 (poor)", "2", "3", "4", "5 (excellent)"];
    const name = nextId("rating");
    const choices = labels.map((label, n) => {
      const id = `${name}-${n + 1}`;
      return el("span", { class: "choice" }, el("input", { type: "radio", name, id, value: n + 1 }), el("label", { for: id, text: label }));
    });
    const comment = field("Comment (optional)", el("textarea", { rows: 2, maxlength: 1000 }));
    const alert = el("p", { class: "alert", role: "alert", hidden: true });
    const form = el(
      "form",
      { class: "rating" },
      el("fieldset", {}, el("legend", { text: "How was your chat?" }), ...choices),
      comment.wrap,
      alert,
      el("button", { type: "submit", text: "Send rating" }),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const rating = form.querySelector("input:checked")?.value || "";
      const res = await call("POST", `/conversations/${session.id}/rating`, { rating, comment: comment.input.value });
      if (!res.ok) return showErrors({ comment }, res.data.fields, alert, res.data.error);
      form.replaceWith(el("p", { class: "notice", role: "status", text: "Thank you for your rating." }));
    });
    return form;
  }
  /** The transcript goes only to the address given when the chat started; the box says when mail is unavailable. */
  function transcriptForm() {
    const to = session?.email || "";
    const alert = el("p", { class: "alert", role: "alert", hidden: true });
    const note = el("p", { class: "notice", text: to ? `It goes to ${to}, the address you gave.` : "" });
    const form = el("form", { class: "transcript" }, note, alert, el("button", { type: "submit", text: "Email me the transcript" }));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const res = await call("POST", `/conversations/${session.id}/transcript`, {});
      if (res.status === 503) return form.replaceWith(el("p", { class: "notice", role: "status", text: res.data.error }));
      if (!res.ok) return showErrors({}, res.data.fields, alert, res.data.error || "The transcript could not be sent.");
      form.replaceWith(el("p", { class: "notice", role: "status", text: `The transcript is on its way to ${to || "you"}.` }));
    });
    return form;
  }
  function newChat() {
    streamAbort?.abort();
    session = null;
    save();
    refreshDepartments().then(() => showPreChat());
  }

  // ---- the event stream: fetch (so the token travels in a header), resumed after the last message seen ----
  async function connect() {
    streamAbort?.abort();
    const abort = new AbortController();
    streamAbort = abort;
    try {
      const res = await fetch(`${API}/conversations/${session.id}/events?after=${lastSeq}`, {
        headers: { authorization: `Bearer ${session.token}`, accept: "text/event-stream" },
        signal: abort.signal,
      });
      if (res.status === 403 || res.status === 404) return forget();
      if (!res.ok || !res.body) throw new Error(String(res.status));
      retryMs = 1000;
      await readEvents(res.body, abort.signal);
    } catch {}
    if (abort.signal.aborted || phase === "ended") return;
    setTimeout(() => {
      if (streamAbort === abort) connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  }
  async function readEvents(stream, signal) {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        dispatch(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf("\n\n");
      }
    }
  }
  function dispatch(block) {
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data += line.slice(5).trimStart();
    }
    if (!data) return;
    const d = JSON.parse(data);
    if (event === "state") setStatus(d);
    else if (event === "message") addMessage(d);
    else if (event === "agent") setStatus({ phase: "active", alias: d.alias });
    else if (event === "queue") {
      if (phase === "waiting") setStatus({ phase, standing: d });
    } else if (event === "waiting") setStatus({ phase: "waiting", standing: null });
    else if (event === "typing") showTyping(d.alias);
    else if (event === "ended") setStatus({ phase: "ended", rated: false });
  }
  function forget() {
    session = null;
    save();
    showPreChat("Your previous chat is no longer available.");
  }

  async function refreshDepartments() {
    const res = await call("GET", "/departments");
    if (!res.ok) throw new Error(res.data.error || `The chat is not available (${res.status}).`);
    departments = res.data.departments;
    centerName = res.data.centerName;
    title.textContent = `Chat with ${centerName}`;
  }

  async function start() {
    try {
      await refreshDepartments();
    } catch (err) {
      console.warn(`Switchboard chat: ${err.message}`);
      return;
    }
    if (INVITE) return startInvite();
    document.body.append(host);
    if (session) {
      render();
      if (session.open) openPanel();
    }
  }
  /** An invitation page opens straight into its chat: resumed if it started in this tab, else its Start chat form. */
  async function startInvite() {
    if (session?.invite !== INVITE) {
      const res = await call("GET", `/invites/${encodeURIComponent(INVITE)}`).catch(() => null);
      if (res?.data?.status !== "ready") return; // the page says why
      invite = res.data;
      session = null;
      save();
    }
    document.body.append(host);
    openPanel();
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
