#!/usr/bin/env bun
/** Command-line entry: parse arguments and config, then run the chosen subcommand. */
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { createAdmin, passwordProblem, USERNAME_RULE } from "./auth/index.ts";
import { helpText, parseArgs } from "./cli.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { backupTo, migrate, openDb } from "./db/index.ts";
import { runDoctor } from "./ops/index.ts";
import { startAppliance } from "./server.ts";
import { getSettings } from "./settings/index.ts";
import { createLogger } from "./shared/index.ts";

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "help") {
    process.stdout.write(helpText());
    return 0;
  }
  if (args.command === "version") {
    process.stdout.write(`switchboard ${pkg.version}\n`);
    return 0;
  }
  const config = loadConfig({ args: args.flags, env: process.env });
  const dbPath = join(config.dataDir, "switchboard.db");

  switch (args.command) {
    case "serve": {
      const appliance = await startAppliance(config, { adminPassword: process.env.SWITCHBOARD_ADMIN_PASSWORD });
      const shutdown = async () => {
        await appliance.stop();
        process.exit(0);
      };
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
      return -1; // keep running
    }
    case "migrate": {
      const applied = migrate(openDb(dbPath));
      process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
      return 0;
    }
    case "backup": {
      const file = args.positional[0];
      if (!file) throw new ConfigError("backup needs a FILE");
      const db = openDb(dbPath);
      migrate(db);
      backupTo(db, file);
      process.stdout.write(`backup written to ${file}\n`);
      return 0;
    }
    case "create-admin":
      return createAdminCommand(dbPath, args.flags);
    case "doctor":
      return runDoctor(config, (line) => process.stdout.write(`${line}\n`));
  }
}

async function createAdminCommand(dbPath: string, flags: Record<string, string>): Promise<number> {
  const username = flags["--username"] ?? "admin";
  if (!USERNAME_RULE.pattern.test(username) || username.length > USERNAME_RULE.max)
    throw new ConfigError(`--username ${USERNAME_RULE.patternHint}`);
  const password = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? (await firstStdinLine());
  const db = openDb(dbPath);
  migrate(db);
  const problem = passwordProblem(password, getSettings(db).strongPasswords);
  if (problem) throw new ConfigError(problem);
  await createAdmin(
    db,
    { username, fullName: flags["--full-name"] ?? "Administrator", email: flags["--email"] ?? "", password },
    Date.now(),
  );
  process.stdout.write(`admin "${username}" created\n`);
  return 0;
}

async function firstStdinLine(): Promise<string> {
  const text = await new Response(Bun.stdin.stream()).text();
  return (text.split(/\r?\n/)[0] ?? "").trim();
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    const known = err instanceof ConfigError || (err instanceof Error && !(err instanceof TypeError));
    createLogger("error").error(known ? err.message : "fatal error", { err: known ? undefined : err });
    process.stderr.write(`switchboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
