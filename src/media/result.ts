/** What a parser of network input returns: it never throws, a failure names the problem. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T>(error: string): Result<T> => ({ ok: false, error });
