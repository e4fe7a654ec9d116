import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/*
 * scripts/with-bun.sh (npm start, npm test…) in a copy of the project whose PATH holds recording stand-ins for
 * npm and bun: which installs it runs, and where, is what a person starting the appliance lives with.
 */
const ROOT = resolve(import.meta.dir, "..");
let dir: string;
let bin: string;

const recorder = (name: string, extra = "") =>
  `#!/bin/sh\necho "${name} $*" >> "$CALLS"\n[ "$1" = "--version" ] && echo 1.4.5\n${extra}exit 0\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sb-start-"));
  bin = join(dir, "bin");
  mkdirSync(join(dir, "project", "scripts"), { recursive: true });
  mkdirSync(bin);
  for (const f of ["package.json", "bun.lock", "scripts/with-bun.sh"]) copyFileSync(join(ROOT, f), join(dir, "project", f));
  // Only what the script itself uses: no real bun or npm is on this PATH.
  for (const tool of ["sh", "dirname", "touch", "cat", "mkdir", "chmod"]) symlinkSync(Bun.which(tool) as string, join(bin, tool));
  // npm's install puts the project's own Bun into node_modules, as the "bun" devDependency does.
  const localBun = recorder("local-bun");
  writeFileSync(
    join(bin, "npm"),
    recorder(
      "npm",
      `[ "$1" = install ] && mkdir -p node_modules/.bin && cat > node_modules/.bin/bun <<'X'\n${localBun}X\nchmod +x node_modules/.bin/bun\n`,
    ),
  );
  chmodSync(join(bin, "npm"), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): string[] {
  const calls = join(dir, "calls.log");
  writeFileSync(calls, "");
  const run = Bun.spawnSync(["sh", "scripts/with-bun.sh", ...args], {
    cwd: join(dir, "project"),
    env: { PATH: bin, CALLS: calls, HOME: dir },
  });
  expect({ code: run.exitCode, stderr: run.exitCode ? run.stderr.toString() : "" }).toEqual({ code: 0, stderr: "" });
  return readFileSync(calls, "utf8").trim().split("\n").filter(Boolean);
}

test("npm start without any Bun installs into the project with npm, never globally, then serves with the project's Bun", () => {
  const calls = start(["--production", "src/main.ts", "serve"]);
  expect(calls.filter((c) => c.includes("--global") || c.includes(" -g"))).toEqual([]);
  expect(calls).toEqual([
    "npm install --no-package-lock --no-audit --no-fund --loglevel=error",
    "local-bun install --frozen-lockfile",
    "local-bun src/main.ts serve",
  ]);
  // A second start finds everything in place and only serves.
  expect(start(["--production", "src/main.ts", "serve"])).toEqual(["local-bun --version", "local-bun src/main.ts serve"]);
});

test("with a Bun already on the PATH, npm start installs the production dependencies only; tests get them all", () => {
  writeFileSync(join(bin, "bun"), recorder("bun"));
  chmodSync(join(bin, "bun"), 0o755);
  mkdirSync(join(dir, "project", "node_modules"));
  expect(start(["--production", "src/main.ts", "serve"])).toEqual(["bun install --frozen-lockfile --production", "bun src/main.ts serve"]);
  expect(start(["test"])).toEqual(["bun install --frozen-lockfile", "bun test"]);
  expect(start(["--production", "src/main.ts", "serve"])).toEqual(["bun src/main.ts serve"]);
});
