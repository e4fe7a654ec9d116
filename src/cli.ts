import { ConfigError, SETTINGS } from "./config.ts";

export const COMMANDS = ["serve", "migrate", "backup", "restore", "create-admin", "doctor"] as const;
export type Command = (typeof COMMANDS)[number];

export type ParsedArgs = { command: Command | "help" | "version"; positional: string[]; flags: Record<string, string> };

const BOOLEAN_FLAGS = new Set(["--help", "-h", "--version"]);
const SETTING_FLAGS = ["--config", ...SETTINGS.map((s) => s.flag)];
/** Options beyond the settings that a command understands, and how many positional arguments it takes. */
const COMMAND_SHAPE: Record<Command, { flags: string[]; positional: string[] }> = {
  serve: { flags: [], positional: [] },
  migrate: { flags: [], positional: [] },
  backup: { flags: [], positional: ["FILE"] },
  restore: { flags: [], positional: ["FILE"] },
  "create-admin": { flags: ["--username", "--full-name", "--email"], positional: [] },
  doctor: { flags: [], positional: [] },
};

/** Splits argv into a subcommand, positional arguments and `--flag value` / `--flag=value` pairs; refuses what it does not know. */
export function parseArgs(argv: string[]): ParsedArgs {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (BOOLEAN_FLAGS.has(arg)) flags[arg === "-h" ? "--help" : arg] = "true";
    else if (arg.startsWith("-")) {
      const eq = arg.indexOf("=");
      if (eq > 0) flags[arg.slice(0, eq)] = arg.slice(eq + 1);
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new ConfigError(`${arg} needs a value`);
        flags[arg] = value;
        i++;
      }
    } else positional.push(arg);
  }
  if (flags["--help"]) return { command: "help", positional, flags };
  if (flags["--version"]) return { command: "version", positional, flags };
  const [first = "serve", ...rest] = positional;
  if (first === "help") return { command: "help", positional: rest, flags };
  if (!(COMMANDS as readonly string[]).includes(first)) throw new ConfigError(`unknown command "${first}" (see --help)`);
  const command = first as Command;
  checkShape(command, rest, flags);
  return { command, positional: rest, flags };
}

function checkShape(command: Command, positional: string[], flags: Record<string, string>) {
  const shape = COMMAND_SHAPE[command];
  for (const flag of Object.keys(flags)) {
    if (!SETTING_FLAGS.includes(flag) && !shape.flags.includes(flag))
      throw new ConfigError(`unknown option ${flag} for ${command} (see --help)`);
  }
  if (positional.length < shape.positional.length) throw new ConfigError(`${command} needs ${shape.positional.join(" ")}`);
  if (positional.length > shape.positional.length) throw new ConfigError(`${command} does not take "${positional.join(" ")}"`);
}

const row = (left: string, middle: string, right: string) => `  ${left.padEnd(26)} ${middle.padEnd(30)} ${right}`;

export function helpText(): string {
  return [
    "switchboard — a contact-center appliance in one executable",
    "",
    "Usage: switchboard [COMMAND] [OPTIONS]",
    "",
    "Commands:",
    "  serve                      run the appliance (default)",
    "  migrate                    apply database migrations and exit",
    "  backup FILE                write a consistent copy of the live database to FILE (safe while serving)",
    "  restore FILE               put the backup FILE in place of the database (appliance stopped; the copy is",
    "                             checked first, the replaced database kept aside)",
    "  create-admin               create an admin; the password comes from SWITCHBOARD_ADMIN_PASSWORD",
    "                             or the first line of standard input",
    "    --username NAME          (default admin)",
    "    --full-name TEXT         (default Administrator)",
    "    --email ADDRESS",
    "  doctor                     check data folder, disk, database, ports, certificate and mail;",
    "                             exit 1 when something fails",
    "",
    "Settings (flag, environment variable, meaning); a flag wins over the environment, which wins over the file:",
    row("--config FILE", "SWITCHBOARD_CONFIG", "JSON file with any of the settings below (keys as in README)"),
    ...SETTINGS.map((s) => row(`${s.flag} VALUE`, s.env, s.help)),
    row("", "SWITCHBOARD_ADMIN_PASSWORD", 'first run only: create "admin" with this password'),
    "  --help, -h                 show this text",
    "  --version                  show the version",
    "",
    "Exit status: 0 done, 1 the command failed, 2 wrong usage or settings, 3 the database is damaged, empty or",
    "missing (nothing was started or changed).",
    "",
  ].join("\n");
}
