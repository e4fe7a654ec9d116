/** Structured JSON logs, one object per line on stdout (errors on stderr). */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = {
  [L in LogLevel]: (msg: string, fields?: Record<string, unknown>) => void;
} & { child(fields: Record<string, unknown>): Logger };

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  write: (line: string, level: LogLevel) => void = defaultWrite,
): Logger {
  const emit =
    (l: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (order[l] < order[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...base, ...fields }, errorReplacer), l);
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

function defaultWrite(line: string, level: LogLevel) {
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export const silentLogger: Logger = createLogger("error", {}, () => {});
