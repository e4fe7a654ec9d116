/** Predefined chat messages, global and personal (FEATURES A5). */
export {
  /** Global plus the user's personal messages; the personal one wins a shortcut clash. */
  availablePredefined,
  /** Creates a message for an owner (null = global); the shortcut must be free for that owner; audited. */
  createPredefined,
  /** Deletes an owner's message; someone else's is NotFound; audited. */
  deletePredefined,
  /** One message of an owner, or NotFound. */
  getPredefined,
  /** The global (owner null) or one user's personal messages. */
  listPredefined,
  type Owner,
  type Predefined,
  type PredefinedInput,
  /** Parses the message form, throwing ValidationError per field. */
  readPredefinedForm,
  SHORTCUT_RULE,
  /** Changes an owner's message; someone else's is NotFound; audited. */
  updatePredefined,
} from "./predefined.ts";
