import { SETTINGS } from "./config.ts";

export const COMMANDS = ["serve", "migrate", "backup", "create-admin", "doctor"] as const;
export type Command = (typeof COMMANDS)[number];

export type ParsedArgs = { command: Command | "help" | "version"; positional: string[]; flags: Record<string, string> };

const BOOLEAN_FLAGS = new Set(["--help", "-h", "--version"]);

/** Splits argv into a subcommand, positional arguments and `--flag value` / `--flag=value` pairs. */
export function parseArgs(argv: string[]): ParsedArgs {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (BOOLEAN_FLAGS.has(arg)) flags[arg === "-h" ? "--help" : arg] = "true";
    else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) flags[arg.slice(0, eq)] = arg.slice(eq + 1);
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${arg} needs a value`);
        flags[arg] = value;
        i++;
      }
    } else positional.push(arg);
  }
  if (flags["--help"]) return { command: "help", positional, flags };
  if (flags["--version"]) return { command: "version", positional, flags };
  const [first, ...rest] = positional;
  if (first === undefined) return { command: "serve", positional: [], flags };
  if (first === "help") return { command: "help", positional: rest, flags };
  if (!(COMMANDS as readonly string[]).includes(first)) throw new Error(`unknown command "${first}" (see --help)`);
  return { command: first as Command, positional: rest, flags };
}

export function helpText(): string {
  const settings = SETTINGS.map((s) => `  ${`${s.flag} VALUE`.padEnd(26)} ${s.env.padEnd(30)} ${s.help}`);
  return [
    "switchboard — a contact-center appliance in one executable",
    "",
    "Usage: switchboard [COMMAND] [OPTIONS]",
    "",
    "Commands:",
    "  serve                      run the appliance (default)",
    "  migrate                    apply database migrations and exit",
    "  backup FILE                write a consistent copy of the live database to FILE",
    "  create-admin               create an admin (--username, --full-name, --email; password from",
    "                             SWITCHBOARD_ADMIN_PASSWORD or the first line of standard input)",
    "  doctor                     check ports, certificate, database, disk and mail settings",
    "",
    "Options (flag, environment variable, meaning):",
    `  ${"--config FILE".padEnd(26)} ${"SWITCHBOARD_CONFIG".padEnd(30)} JSON file with any of the settings below`,
    ...settings,
    `  ${"".padEnd(26)} ${"SWITCHBOARD_ADMIN_PASSWORD".padEnd(30)} first run only: create "admin" with this password`,
    "  --help, -h                 show this text",
    "  --version                  show the version",
    "",
  ].join("\n");
}
