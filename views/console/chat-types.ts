/** What the chat panel of a work tab shows (FEATURES W2–W4, A5, C4); built by src/console/chat/model.ts. */

export type ChatFileView = {
  name: string;
  size: number;
  image: boolean;
  /** Past its retention: named, no longer stored. */
  removed: boolean;
  /** Inline preview of an image for whoever handles the chat; null for documents. */
  previewUrl: string | null;
  /** Set only when the viewer has the "downloads" permission (FEATURES A1). */
  downloadUrl: string | null;
};

export type ChatLine = {
  seq: number;
  kind: "visitor" | "agent" | "system";
  /** The visitor's name or the agent's alias (never an agent's real name); empty for system lines. */
  who: string;
  /** Sent by the agent looking at it: shows its delivery state. */
  mine: boolean;
  body: string;
  at: number;
  /** "09:05" in the center's time zone. */
  time: string;
  clientId: string | null;
  file: ChatFileView | null;
};

export type PredefinedChoice = { id: string; shortcut: string; title: string; body: string };

export type ComposerView = {
  interactionId: string;
  visitorName: string;
  /** A fresh id for the next message: a retried send with the same id is stored once. */
  clientId: string;
  maxLength: number;
  predefined: PredefinedChoice[];
  value?: string;
  error?: string;
};

export type UploadView = { interactionId: string; clientId: string; accept: string; error?: string };

export type TranscriptView = { interactionId: string; email: string; error?: string; sentTo?: string };

export type ChatControlsView = {
  open: boolean;
  composer: ComposerView;
  upload: UploadView;
  transcript: TranscriptView;
};
