import { createConversation, readPreChat } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { Conflict } from "../shared/index.ts";
import { jsonApp, jsonBody } from "./api-kit.ts";
import { listDepartments } from "./departments.ts";
import { leaveOfflineMessage, readOfflineForm } from "./offline.ts";

/** New chats per client address and window; offline messages per address and window. */
export const NEW_CHAT_LIMIT = { count: 10, windowMs: 10 * 60_000 };
export const OFFLINE_LIMIT = { count: 5, windowMs: 10 * 60_000 };

/** The widget's entry points (W1, W9): departments, the pre-chat form, the offline message form. */
export function widgetEntryRoutes(deps: AppDeps, seen: (conversationId: string) => void = () => {}) {
  const { db, clock } = deps;
  const app = jsonApp(deps);
  const newChats = new RateLimiter(clock, NEW_CHAT_LIMIT.count, NEW_CHAT_LIMIT.windowMs);
  const offline = new RateLimiter(clock, OFFLINE_LIMIT.count, OFFLINE_LIMIT.windowMs);

  app.get("/departments", (c) => {
    c.header("cache-control", "no-store");
    return c.json({ centerName: getSettings(db).centerName, departments: listDepartments(db, clock.now()) });
  });

  app.post("/conversations", async (c) => {
    newChats.hit(clientIp(c), "Too many new chats from your network. Please wait a few minutes.");
    const departments = listDepartments(db, clock.now());
    const input = readPreChat(
      await jsonBody(c),
      departments.map((d) => d.id),
    );
    if (!departments.find((d) => d.id === input.queueId)?.open)
      throw new Conflict("This department is closed right now. Please leave a message instead.");
    const { conversation, token } = createConversation(deps, input, clock.now());
    seen(conversation.id);
    return c.json({ conversationId: conversation.id, token }, 201);
  });

  app.post("/offline", async (c) => {
    offline.hit(clientIp(c), "Too many messages from your network. Please wait a few minutes.");
    const input = readOfflineForm(await jsonBody(c), listDepartments(db, clock.now()));
    leaveOfflineMessage(deps, input, clock.now());
    return c.json({ ok: true }, 201);
  });
  return app;
}
