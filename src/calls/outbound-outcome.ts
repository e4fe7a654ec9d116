/** Why a call an agent dialled did not connect: stored as the interaction's end reason. */
export type CallFailure = "busy" | "no-answer" | "not-found" | "refused" | "unreachable" | "failed";

/** The end reason for the provider's final answer to our INVITE (RFC 3261 §21). */
export function callFailure(status: number): CallFailure {
  if (status === 486 || status === 600) return "busy";
  if (status === 408 || status === 480 || status === 487) return "no-answer";
  if (status === 404 || status === 484 || status === 604) return "not-found";
  if (status === 403 || status === 603 || status === 401 || status === 407) return "refused";
  if (status === 503 || status === 502 || status === 504) return "unreachable";
  return "failed";
}

const MESSAGES: Record<CallFailure, string> = {
  busy: "the line is busy",
  "no-answer": "nobody answered",
  "not-found": "the number does not exist",
  refused: "the provider refused the call",
  unreachable: "the provider cannot be reached",
  failed: "the call failed",
};

/** What the agent reads when their call did not connect; null for an end that was not a failure. */
export function failureMessage(reason: string): string | null {
  return reason in MESSAGES ? MESSAGES[reason as CallFailure] : null;
}
