import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, ValidationError } from "../shared/index.ts";

/** The one shape of every error answer of the REST API. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string().openapi({ example: "Please correct the highlighted fields." }),
      fields: z.record(z.string(), z.string()).optional().openapi({ description: "Per-field messages, when input was refused." }),
    }),
  })
  .openapi("Error");

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "gone",
  413: "too_large",
  415: "unsupported_media_type",
  422: "invalid_input",
  429: "rate_limited",
  503: "unavailable",
};

export function errorJson(c: Context, status: number, message: string, fields?: Record<string, string>) {
  const body = { error: { code: CODES[status] ?? "error", message, ...(fields && Object.keys(fields).length ? { fields } : {}) } };
  return c.json(body, status as 400);
}

/** Maps what a handler threw to the error shape: domain errors keep their status, anything else is a logged 500. */
export function apiErrorAnswer(err: Error, c: Context, logUnexpected: (err: Error) => void) {
  if (err instanceof ValidationError) return errorJson(c, 422, err.message, err.fields);
  if (err instanceof AppError) return errorJson(c, err.status, err.message);
  if (err instanceof HTTPException && err.status < 500) return errorJson(c, err.status, err.message || "The request is not valid.");
  logUnexpected(err);
  return errorJson(c, 500, "An unexpected error happened. It has been logged.");
}

/** The answers every operation may give besides its own. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "The request is malformed (bad JSON, cursor or parameter).",
    401: "No valid token: missing, unknown, expired or revoked.",
    403: "The token lacks the scope for this operation.",
    404: "No such resource.",
    409: "The change conflicts with the current state.",
    422: "Input refused; `fields` says why per field.",
    429: "Too many requests for this token, or from this address without a valid token; see Retry-After.",
  };
  return Object.fromEntries(
    [400, 401, 403, 429, ...statuses].map((s) => [
      s,
      { description: descriptions[s] ?? "Error", content: { "application/json": { schema: ErrorBody } } },
    ]),
  );
}
