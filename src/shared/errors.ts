/** Errors a domain function may throw; app.onError maps each to an HTTP status with its message. */
export class AppError extends Error {
  readonly status: number = 400;
}

/** Bad input. `fields` maps form field names to messages shown beside them. */
export class ValidationError extends AppError {
  override readonly status = 422;
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class Unauthorized extends AppError {
  override readonly status = 401;
}

export class Forbidden extends AppError {
  override readonly status = 403;
}

export class NotFound extends AppError {
  override readonly status = 404;
}

export class Conflict extends AppError {
  override readonly status = 409;
}

/** Refused for its size: a quota of stored bytes is used up. */
export class PayloadTooLarge extends AppError {
  override readonly status = 413;
}

/** It existed and was removed on purpose (e.g. a file past its retention). */
export class Gone extends AppError {
  override readonly status = 410;
}

export class TooManyRequests extends AppError {
  override readonly status = 429;
}

/** The box cannot do it right now (mail not set up, disk full); the message says what is missing. */
export class Unavailable extends AppError {
  override readonly status = 503;
}
