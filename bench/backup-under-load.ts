/**
 * Q3/Q6: `switchboard backup` while visitors flood the chat must not make a single send fail.
 * Usage: bun bench/backup-under-load.ts [RATE] [SECONDS] [BACKUPS] [--source | --binary FILE]   default: 150 30 8
 * Runs dist/switchboard (rebuilt when a source changed), `bun src/main.ts` with --source, or another build.
 * Prints the sends, their answers by status (5xx counted apart, with samples), the backups written, and the
 * acknowledged messages missing from the database afterwards.
 */
import { cpus } from "node:os";
import { backupDuringFlood } from "./backup-flood.ts";
import { ensureBinary } from "./lib.ts";

const argv = process.argv.slice(2);
const binaryAt = argv.indexOf("--binary");
const binary = binaryAt >= 0 ? argv.splice(binaryAt, 2)[1] : undefined;
const [rate = 150, seconds = 30, backups = 8] = argv.filter((a) => !a.startsWith("--")).map(Number);
const command = binary ? [binary] : argv.includes("--source") ? ["bun", "src/main.ts"] : [await ensureBinary()];

console.log(`${new Date().toISOString()}  ${cpus().length} CPUs, ${cpus()[0]?.model}; ${command.join(" ")}`);
console.log(`${rate} messages/s for ${seconds} s, ${backups} backups spread over the flood`);
const r = await backupDuringFlood({ command, rate, seconds, backups });
console.log(`sent ${r.sent}, acknowledged (201) ${r.acknowledged}, 5xx ${r.serverErrors}, other ${JSON.stringify(r.otherStatuses)}`);
for (const sample of r.errorSamples) console.log(`  5xx: ${sample}`);
console.log(`backups written ${r.backupsWritten}/${backups}${r.backupFailures.length ? `; failed: ${r.backupFailures.join("; ")}` : ""}`);
for (const line of r.appErrors) console.log(`  logged: ${line.slice(0, 600)}`);
console.log(`acknowledged but not stored: ${r.lost}`);
process.exit(r.serverErrors === 0 && r.lost === 0 && r.backupFailures.length === 0 ? 0 : 1);
