/** The events auth publishes, by name, with their payloads. */
export type AuthEvents = {
  /** A user signed out of their web session (the Sign out button). */
  "user.signed_out": { userId: string; at: number };
};
