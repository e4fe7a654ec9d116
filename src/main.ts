#!/usr/bin/env bun
/** Command-line entry: parse arguments and config, then run the chosen subcommand. */
import pkg from "../package.json" with { type: "json" };
import { helpText, parseArgs } from "./cli.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DamagedDatabase } from "./db/index.ts";
import { backupCommand, createAdminCommand, migrateCommand, readFirstLine, restoreCommand, runDoctor } from "./ops/index.ts";
import { startAppliance } from "./server.ts";
import { AppError, createLogger } from "./shared/index.ts";

const print = (line: string) => process.stdout.write(`${line}\n`);

/** Runs one command; resolves with the exit status, or null while the server keeps running. */
async function main(argv: string[]): Promise<number | null> {
  const args = parseArgs(argv);
  if (args.command === "help") {
    process.stdout.write(helpText());
    return 0;
  }
  if (args.command === "version") {
    print(`switchboard ${pkg.version}`);
    return 0;
  }
  const config = loadConfig({ args: args.flags, env: process.env });
  switch (args.command) {
    case "serve":
      await serve(config);
      return null;
    case "migrate":
      migrateCommand(config, print);
      return 0;
    case "backup":
      backupCommand(config, args.positional[0] as string, print);
      return 0;
    case "restore":
      restoreCommand(config, args.positional[0] as string, print);
      return 0;
    case "create-admin": {
      const password = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? (await askPassword());
      const { "--username": username, "--full-name": fullName, "--email": email } = args.flags;
      await createAdminCommand(config, { username, fullName, email }, password, print);
      return 0;
    }
    case "doctor":
      return runDoctor(config, print);
  }
}

async function askPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password for the new admin (shown as you type; or set SWITCHBOARD_ADMIN_PASSWORD): ");
  return readFirstLine(Bun.stdin.stream());
}

async function serve(config: Config) {
  const appliance = await startAppliance(config, { adminPassword: process.env.SWITCHBOARD_ADMIN_PASSWORD });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await appliance.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/**
 * 2 for wrong usage or settings, 3 for a damaged, empty or missing database, 1 for a command that could not do its
 * work (with the reason), 1 and a log for a bug.
 */
function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof AppError || isStartupProblem(err)) {
    process.stderr.write(`switchboard: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : err instanceof DamagedDatabase ? 3 : 1);
  }
  createLogger("error").error("fatal error", { err });
  process.exit(1);
}

/** Errors the box's owner can fix: a port in use, a folder that cannot be written, a missing certificate file. */
function isStartupProblem(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && ["EADDRINUSE", "EACCES", "EADDRNOTAVAIL", "ENOENT", "EPERM", "EROFS"].includes(code);
}

main(process.argv.slice(2)).then((code) => {
  if (code !== null) process.exit(code);
}, fail);
