import type { TestClient } from "../support/harness.ts";

export type FormField = { name: string; type: string; value: string; options: string[] };
export type FoundForm = { page: string; action: string; fields: FormField[] };
type PageParts = { forms: FoundForm[]; links: string[]; queryNames: string[] };

/** The POST forms, same-site links and GET-form field names of one page. */
export async function parsePage(html: string, page: string): Promise<PageParts> {
  const parts: PageParts = { forms: [], links: [], queryNames: [] };
  let form: FoundForm | null = null;
  let getForm = false;
  let select: FormField | null = null;
  const addField = (el: HTMLRewriterTypes.Element, type: string) => {
    const name = el.getAttribute("name");
    if (!name) return null;
    if (getForm) parts.queryNames.push(name);
    const value = el.getAttribute("value") ?? "";
    // Checkboxes, radios and buttons sharing a name are one field with several possible values.
    const same = form?.fields.find((f) => f.name === name);
    if (same) {
      same.options.push(value);
      return same;
    }
    const field: FormField = { name, type, value, options: ["checkbox", "radio", "submit"].includes(type) ? [value] : [] };
    form?.fields.push(field);
    return field;
  };
  await new HTMLRewriter()
    .on("form", {
      element(el) {
        const method = (el.getAttribute("method") ?? "get").toLowerCase();
        getForm = method === "get";
        if (method === "post") form = { page, action: new URL(el.getAttribute("action") || page, "http://x").pathname, fields: [] };
        el.onEndTag(() => {
          if (form) parts.forms.push(form);
          form = null;
          getForm = false;
        });
      },
    })
    .on("input", { element: (el) => void addField(el, (el.getAttribute("type") ?? "text").toLowerCase()) })
    .on("textarea", { element: (el) => void addField(el, "textarea") })
    .on("button[name]", { element: (el) => void addField(el, "submit") })
    .on("select", {
      element(el) {
        select = addField(el, "select");
        el.onEndTag(() => {
          select = null;
        });
      },
    })
    .on("option", { element: (el) => void select?.options.push(el.getAttribute("value") ?? "") })
    .on("a[href]", {
      element(el) {
        const href = el.getAttribute("href") ?? "";
        if (href.startsWith("/") && !href.startsWith("//")) parts.links.push(href);
      },
    })
    .transform(new Response(html))
    .text();
  return parts;
}

/** Replaces ids in a path so that pages of the same kind count once ("/admin/teams/:id"). */
export function shapeOf(path: string): string {
  return path.replace(/\?.*$/, "").replace(/\/[A-Za-z0-9_-]{16,}(?=\/|$)/g, "/:id");
}

/** Visits signed-in pages breadth-first from `seeds`, at most two pages of each shape. */
export async function crawl(client: TestClient, seeds: string[], within: RegExp, limit = 80) {
  const queue = [...seeds];
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  const pages: { path: string; status: number; parts: PageParts }[] = [];
  while (queue.length && pages.length < limit) {
    const path = queue.shift() as string;
    const shape = shapeOf(path);
    if (seen.has(path) || (perShape.get(shape) ?? 0) >= 2 || !within.test(path) || path === "/logout") continue;
    seen.add(path);
    perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
    const res = await client.get(path, { accept: "text/html" });
    const html = res.headers.get("content-type")?.includes("text/html") ? await res.text() : "";
    const parts = await parsePage(html, path);
    pages.push({ path, status: res.status, parts });
    queue.push(...parts.links);
  }
  return pages;
}
