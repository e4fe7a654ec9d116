import type { z } from "@hono/zod-openapi";

/** A documented JSON answer of an operation. */
export const jsonAnswer = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body (required: without it a request lacking the JSON content type would skip validation). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
