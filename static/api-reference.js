// Renders the OpenAPI document of /api/v1 as a readable, keyboard-usable list of operations with a "Send" form.
(() => {
  const root = document.getElementById("api-reference");
  const list = document.getElementById("api-operations");
  const status = document.getElementById("api-status");
  if (!root || !list || !status) return;
  const METHODS = ["get", "post", "put", "patch", "delete"];

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };

  /** Follows local $refs so a schema reads in one piece (cycles stop at the second visit). */
  const resolve = (doc, schema, seen = new Set()) => {
    if (!schema || typeof schema !== "object") return schema;
    if (Array.isArray(schema)) return schema.map((s) => resolve(doc, s, seen));
    if (typeof schema.$ref === "string") {
      if (seen.has(schema.$ref)) return { $ref: schema.$ref };
      const target = schema.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((o, k) => o?.[k], doc);
      return resolve(doc, target, new Set([...seen, schema.$ref]));
    }
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, resolve(doc, v, seen)]));
  };

  const schemaBlock = (title, schema) => el("div", {}, el("h4", {}, title), el("pre", {}, JSON.stringify(schema, null, 2)));

  const tryForm = (path, method, op) => {
    const form = el("form", { class: "api-try" });
    const params = op.parameters ?? [];
    for (const p of params) {
      const id = `${op.operationId}-${p.in}-${p.name}`;
      form.append(
        el(
          "p",
          {},
          el("label", { for: id }, `${p.name} (${p.in}${p.required ? ", required" : ""})`),
          " ",
          el("input", { id, name: p.name, "data-in": p.in }),
        ),
      );
    }
    const hasBody = Boolean(op.requestBody);
    if (hasBody) {
      const id = `${op.operationId}-body`;
      form.append(
        el("p", {}, el("label", { for: id }, "JSON body"), el("br"), el("textarea", { id, name: "_body", rows: "6", cols: "60" }, "{}")),
      );
    }
    const out = el("pre", { role: "status", "aria-live": "polite" });
    form.append(el("button", { type: "submit" }, `Send ${method.toUpperCase()}`), out);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      for (const input of form.querySelectorAll("input[data-in]")) {
        if (!input.value) continue;
        if (input.dataset.in === "path") url = url.replace(`{${input.name}}`, encodeURIComponent(input.value));
        else if (input.dataset.in === "query") query.set(input.name, input.value);
      }
      const token = document.getElementById("api-token")?.value ?? "";
      const headers = { authorization: `Bearer ${token}` };
      const init = { method: method.toUpperCase(), headers, credentials: "omit" };
      if (hasBody) {
        headers["content-type"] = "application/json";
        init.body = form.querySelector("textarea")?.value ?? "{}";
      }
      out.textContent = "Sending…";
      try {
        const base = (root.dataset.spec ?? "").replace(/\/openapi\.json$/, "");
        const res = await fetch(`${base}${url}${query.size ? `?${query}` : ""}`, init);
        const text = await res.text();
        let shown = text;
        try {
          shown = JSON.stringify(JSON.parse(text), null, 2);
        } catch {}
        out.textContent = `${res.status} ${res.statusText}\n${shown}`;
      } catch (err) {
        out.textContent = `The request failed: ${err}`;
      }
    });
    return form;
  };

  const operation = (doc, path, method, op) => {
    const responses = Object.entries(op.responses ?? {}).map(([code, r]) => {
      const schema = r.content?.["application/json"]?.schema;
      return el(
        "li",
        {},
        `${code}: ${r.description ?? ""}`,
        schema ? el("details", {}, el("summary", {}, "Schema"), el("pre", {}, JSON.stringify(resolve(doc, schema), null, 2))) : "",
      );
    });
    const body = op.requestBody?.content?.["application/json"]?.schema;
    return el(
      "details",
      { class: "api-operation", id: op.operationId ?? `${method}-${path}` },
      el("summary", {}, el("code", {}, method.toUpperCase()), " ", el("code", {}, path), " — ", op.summary ?? ""),
      op.security?.length === 0 ? "" : el("p", { class: "muted" }, "Needs a bearer token."),
      body ? schemaBlock("Request body", resolve(doc, body)) : "",
      el("h4", {}, "Responses"),
      el("ul", {}, ...responses),
      el("h4", {}, "Try it"),
      tryForm(path, method, op),
    );
  };

  fetch(root.dataset.spec ?? "", { credentials: "omit" })
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    })
    .then((doc) => {
      const byTag = new Map();
      for (const [path, item] of Object.entries(doc.paths ?? {}))
        for (const method of METHODS) {
          const op = item[method];
          if (!op) continue;
          const tag = op.tags?.[0] ?? "Other";
          if (!byTag.has(tag)) byTag.set(tag, []);
          byTag.get(tag).push(operation(doc, path, method, op));
        }
      for (const [tag, ops] of byTag) list.append(el("section", { "aria-label": tag }, el("h2", {}, tag), ...ops));
      status.textContent = `${doc.info?.title ?? "API"} ${doc.info?.version ?? ""}: ${[...byTag.values()].flat().length} operations.`;
    })
    .catch((err) => {
      status.textContent = `The API description could not be loaded (${err.message}).`;
    });
})();
