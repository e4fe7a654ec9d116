import { chatUrl } from "../../../views/console/chat-panel.tsx";
import type { ChatControlsView, ChatLine, TranscriptView } from "../../../views/console/chat-types.ts";
import { hasPermission, type User } from "../../auth/index.ts";
import { type AgentMessageView, type Conversation, conversationOfInteraction, MESSAGE_MAX, messagesForAgent } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import { availablePredefined } from "../../predefined/index.ts";
import type { Interaction } from "../../routing/index.ts";
import { getSettings } from "../../settings/index.ts";
import { formatClock, newId, NotFound } from "../../shared/index.ts";

export type ChatModelDeps = Pick<AppDeps, "db" | "routing">;
/** Who looks at a chat: their own messages show a delivery state; downloads need the permission (A1). */
export type Viewer = Pick<User, "id" | "role" | "permissions">;

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif"]);
/** What the file picker offers; the server judges the content anyway. */
export const FILE_ACCEPT = ".png,.jpg,.jpeg,.gif,.pdf,.docx,.txt,image/png,image/jpeg,image/gif,application/pdf,text/plain";

export const isImage = (mime: string) => IMAGE_TYPES.has(mime);

/**
 * A chat interaction of this agent with its conversation (null when the interaction has none), or NotFound:
 * another agent's chat looks exactly like a missing one.
 */
export function ownChat(deps: ChatModelDeps, interactionId: string, userId: string): { i: Interaction; c: Conversation | null } {
  let i: Interaction;
  try {
    i = deps.routing.get(interactionId);
  } catch {
    throw new NotFound("No such chat.");
  }
  if (i.agentId !== userId || i.channel !== "chat") throw new NotFound("No such chat.");
  return { i, c: conversationOfInteraction(deps.db, i.id) };
}

/** Every message of the chat after `afterSeq`, as the viewer sees them. */
export function chatLines(deps: ChatModelDeps, i: Interaction, c: Conversation, viewer: Viewer, afterSeq = 0, limit = 1000): ChatLine[] {
  const canDownload = hasPermission(viewer, "downloads");
  const zone = getSettings(deps.db).timeZone;
  return messagesForAgent(deps.db, c.id, afterSeq, limit).map((m) => lineOf(m, i.id, c, viewer.id, canDownload, zone));
}

function lineOf(
  m: AgentMessageView,
  interactionId: string,
  c: Conversation,
  viewerId: string,
  canDownload: boolean,
  zone: string,
): ChatLine {
  const a = m.attachment;
  const files = `${chatUrl(interactionId)}/files`;
  return {
    seq: m.seq,
    kind: m.from,
    who: m.from === "visitor" ? c.visitorName : m.from === "agent" ? (m.alias ?? "") : "",
    mine: m.from === "agent" && m.senderId === viewerId,
    body: m.body,
    at: m.at,
    time: formatClock(m.at, zone),
    clientId: m.clientId,
    file: a
      ? {
          name: a.name,
          size: a.size,
          image: isImage(a.mime),
          removed: a.removed,
          previewUrl: isImage(a.mime) && !a.removed ? `${files}/${a.id}/preview` : null,
          downloadUrl: canDownload && !a.removed ? `${files}/${a.id}` : null,
        }
      : null,
  };
}

/** The controls under the log: writing while the chat is on, the transcript always. */
export function controlsView(deps: ChatModelDeps, i: Interaction, c: Conversation, userId: string): ChatControlsView {
  const predefined = availablePredefined(deps.db, userId).map((p) => ({ id: p.id, shortcut: p.shortcut, title: p.title, body: p.body }));
  return {
    open: i.status === "active" && c.status === "open",
    composer: { interactionId: i.id, visitorName: c.visitorName, clientId: newId(), maxLength: MESSAGE_MAX, predefined },
    upload: { interactionId: i.id, clientId: newId(), accept: FILE_ACCEPT },
    transcript: transcriptView(i, c),
  };
}

export function transcriptView(i: Interaction, c: Conversation, extra: Partial<TranscriptView> = {}): TranscriptView {
  return { interactionId: i.id, email: c.visitorEmail, ...extra };
}
