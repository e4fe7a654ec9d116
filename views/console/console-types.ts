/** What the console's live fragments show; built by src/console from the presence and routing data. */
export type StateChoice = "ready" | "not_ready" | "logout";

export type StateView = {
  state: string;
  label: string;
  reason: string | null;
  /** Time in the current state when rendered; the page keeps counting from there. */
  elapsedMs: number;
  wrapUpLeftMs: number | null;
  /** In wrap-up until the mandatory form is saved (no countdown). */
  wrapUpUntilSaved: boolean;
  choices: StateChoice[];
  reasons: string[];
  /** The channels of the agent's departments, with whether each is paused. */
  channels: { channel: string; paused: boolean }[];
  message?: string | null;
};

/** Attached data (FEATURES A6): name and value pairs in their original order. */
export type AttachedData = [string, string][];

export type OfferView = {
  id: string;
  /** The interaction the offer is for: the console's work tab once it is accepted. */
  interactionId: string;
  channel: string;
  customerName: string;
  /** Already masked when the agent's profile says so. */
  customerAddress: string;
  queueName: string | null;
  attached: AttachedData;
  waitedMs: number;
  transfer: boolean;
};

export type OffersView = {
  offers: OfferView[];
  position: string;
  sound: boolean;
  desktop: boolean;
};

export type WrapUpView = {
  dispositions: string[];
  mandatory: boolean;
  values?: { disposition: string; notes: string };
  errors?: Record<string, string>;
  message?: string | null;
};

export type WorkItemView = {
  /** The interaction, or the agent's part of one they transferred on (then `handedTo` says to whom). */
  id: string;
  channel: string;
  status: "active" | "wrap_up";
  customerName: string;
  customerAddress: string;
  queueName: string | null;
  attached: AttachedData;
  sinceMs: number;
  transferRinging: boolean;
  /** Salesforce is set up for this channel: the tab shows its section (FEATURES I1). */
  salesforce?: boolean;
  handedTo?: string;
  /** Changes whenever what the server renders for this interaction changes (the page keeps unchanged parts). */
  rev: string;
  wrapUp: WrapUpView | null;
};
