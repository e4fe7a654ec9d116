import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { users } from "../../auth/schema.ts";
import { sendAttachment } from "../../chat/index.ts";
import { chatAttachments } from "../../chat/conversation-schema.ts";
import { makePng } from "../../../tests/support/browser.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { SVG_BYTES } from "../../../tests/support/users.ts";
import { chatAcceptedBy, chatTeam, HX } from "../../../tests/support/kits/console-chat.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

function upload(name: string, bytes: Uint8Array | string, clientId = "f-1") {
  const form = new FormData();
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  form.set("clientId", clientId);
  return form;
}
const fileIds = () => t.db.select({ id: chatAttachments.id }).from(chatAttachments).all();
const allowDownloads = (userId: string) =>
  t.db
    .update(users)
    .set({ permissions: JSON.stringify(["chat", "downloads"]) })
    .where(eq(users.id, userId))
    .run();

describe("files in the console's chat", () => {
  test("an image from the agent shows as a thumbnail; the preview is inline, the download needs the permission", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const res = await as(ann).post(`/console/chat/${interactionId}/files`, upload("map.png", makePng(20, 10)), HX);
    expect(res.status).toBe(201);
    const html = await res.text();
    const [file] = fileIds();
    const base = `/console/chat/${interactionId}/files/${file?.id}`;
    expect(html).toContain(`src="${base}/preview" alt="Image: map.png"`);
    expect(html).not.toContain("Download map.png");

    const preview = await as(ann).get(`${base}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/png");
    expect(preview.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await preview.arrayBuffer())).toEqual(new Uint8Array(makePng(20, 10)));

    const refused = await as(ann).get(base);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Downloads permission");
    allowDownloads(ann);
    const download = await as(ann).get(base);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    const again = await (await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).text();
    expect(again).toContain(`href="${base}" download="map.png">Download map.png</a>`);
  });

  test("a customer's document is a download link, never previewed", async () => {
    const { ann, sales, as } = chatTeam(t, { permissions: JSON.stringify(["chat", "downloads"]) });
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    sendAttachment(t.deps, conversation, { name: "invoice.pdf", bytes: Buffer.from("%PDF-1.4\n%%EOF") }, { senderKind: "visitor" });
    const [file] = fileIds();
    const html = await (await as(ann).get(`/console/chat/${interactionId}/messages`, HX)).text();
    expect(html).toContain("Download invoice.pdf");
    expect(html).not.toContain("<img");
    expect((await as(ann).get(`/console/chat/${interactionId}/files/${file?.id}/preview`)).status).toBe(404);
    const download = await as(ann).get(`/console/chat/${interactionId}/files/${file?.id}`);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("a download keeps its own sandbox policy under the page's security headers; pages keep the page policy", async () => {
    const { ann, sales, as } = chatTeam(t, { permissions: JSON.stringify(["chat", "downloads"]) });
    const { interactionId, conversation } = chatAcceptedBy(t, sales, ann);
    sendAttachment(t.deps, conversation, { name: "invoice.pdf", bytes: Buffer.from("%PDF-1.4\n%%EOF") }, { senderKind: "visitor" });
    const [file] = fileIds();
    const download = await as(ann).get(`/console/chat/${interactionId}/files/${file?.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    expect(download.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const page = await as(ann).get("/console");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("content-security-policy")).not.toContain("sandbox");
  });

  test("files that are not an accepted type by content are refused with 422 in place; nothing is stored", async () => {
    const { ann, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    const url = `/console/chat/${interactionId}/files`;
    const svg = await as(ann).post(url, upload("logo.png", SVG_BYTES), HX);
    expect(svg.status).toBe(422);
    expect(svg.headers.get("HX-Retarget")).toBe(`#chat-upload-${interactionId}`);
    expect(await svg.text()).toContain("logo.png cannot be sent: only PNG, JPEG or GIF images");
    const renamed = await as(ann).post(url, upload("photo.gif", makePng(2, 2)), HX);
    expect(renamed.status).toBe(422);
    expect(await renamed.text()).toContain("its name must end with .png");
    const none = new FormData();
    none.set("clientId", "x");
    const missing = await as(ann).post(url, none, HX);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("Choose a file to send");
    expect(fileIds()).toHaveLength(0);
  });

  test("another agent gets 404 for the files of a chat that is not theirs", async () => {
    const { ann, bob, sales, as } = chatTeam(t);
    const { interactionId } = chatAcceptedBy(t, sales, ann);
    await as(ann).post(`/console/chat/${interactionId}/files`, upload("map.png", makePng(4, 4)), HX);
    allowDownloads(bob);
    const base = `/console/chat/${interactionId}/files/${fileIds()[0]?.id}`;
    expect((await as(bob).get(base)).status).toBe(404);
    expect((await as(bob).get(`${base}/preview`)).status).toBe(404);
    expect((await as(bob).post(`/console/chat/${interactionId}/files`, upload("b.png", makePng(4, 4), "f-2"), HX)).status).toBe(404);
    expect(fileIds()).toHaveLength(1);
  });
});
