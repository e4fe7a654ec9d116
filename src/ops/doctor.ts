import { X509Certificate } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statfsSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type Config, TRUSTED_CERT_ADVICE } from "../config.ts";
import { ssoCheck } from "../auth/index.ts";
import { openCheckedDb } from "../db/index.ts";
import { salesforceCheck } from "../integrations/salesforce/index.ts";
import { getSettings } from "../settings/index.ts";
import { DEFAULT_GUARD } from "../sip/index.ts";
import { trunkCheck } from "../trunk/index.ts";

type Check = { name: string; ok: boolean; detail: string; warnOnly?: boolean };

/** `switchboard doctor`: checks what the appliance needs and prints a checklist; exit 1 when something fails. */
export async function runDoctor(config: Config, print: (line: string) => void): Promise<number> {
  const checks: Check[] = [];
  checks.push(checkDataDir(config.dataDir));
  checks.push(checkDisk(config.dataDir, config.minFreeDiskMb));
  checks.push(describeChatFiles(config));
  const db = safe(() => openCheckedDb(join(config.dataDir, "switchboard.db"), { fullCheckMaxBytes: Number.POSITIVE_INFINITY }).db);
  checks.push(
    db instanceof Error
      ? { name: "database", ok: false, detail: db.message }
      : { name: "database", ok: true, detail: "opens, passes the integrity check of every page and is migrated" },
  );
  checks.push(checkTcpPort("web port", config.httpHost, config.httpPort));
  checks.push(checkTcpPort("SIP port (TCP)", "0.0.0.0", config.sipPort));
  checks.push(await checkUdpPort("SIP port (UDP)", config.sipPort));
  checks.push(describeMedia(config));
  checks.push(describeSipBans(config));
  checks.push(checkCertificate(config));
  if (!(db instanceof Error)) {
    const smtp = getSettings(db).smtp;
    checks.push(
      smtp.host
        ? await checkReach("SMTP server", smtp.host, smtp.port)
        : {
            name: "SMTP server",
            ok: false,
            warnOnly: true,
            detail: "not configured: mail (welcome, reset, transcripts) waits in the outbox",
          },
    );
    checks.push({ name: "SIP trunk", ...trunkCheck(db, Date.now()) });
    checks.push({ name: "time zone", ok: true, detail: `${getSettings(db).timeZone} (every time people see; Admin → Settings)` });
    checks.push({ name: "data retention", ok: true, detail: retentionDetail(getSettings(db).retention) });
    checks.push({ name: "Salesforce", ...(await salesforceCheck(getSettings(db).salesforce)) });
    checks.push({ name: "single sign-on", ...(await ssoCheck(getSettings(db).sso, Date.now())) });
    db.$client.close();
  }
  for (const c of checks) print(`${c.ok ? "ok  " : c.warnOnly ? "warn" : "FAIL"}  ${c.name}: ${c.detail}`);
  return checks.some((c) => !c.ok && !c.warnOnly) ? 1 : 0;
}

function safe<T>(fn: () => T): T | Error {
  try {
    return fn();
  } catch (err) {
    return err as Error;
  }
}

/** Writes (and syncs) a small file: a folder can be writable by its mode and still refuse every byte when the disk is full. */
function checkDataDir(dir: string): Check {
  const probe = join(dir, `.doctor-${process.pid}`);
  const r = safe(() => {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(probe, "w");
    try {
      writeSync(fd, Buffer.alloc(256 * 1024));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      rmSync(probe, { force: true });
    }
  });
  if (!(r instanceof Error)) return { name: "data folder", ok: true, detail: `${dir} is writable` };
  const full = codeOf(r) === "ENOSPC";
  return { name: "data folder", ok: false, detail: full ? `${dir}: the disk is full, nothing can be written` : `${dir}: ${r.message}` };
}

function checkDisk(dir: string, floorMb: number): Check {
  const s = safe(() => statfsSync(dir));
  if (s instanceof Error) return { name: "disk", ok: false, detail: s.message };
  const freeMb = Math.floor((s.bavail * s.bsize) / 1048576);
  const low = freeMb < floorMb;
  return {
    name: "disk",
    ok: !low,
    detail: `${freeMb} MB free${low ? ` (below the ${floorMb} MB kept free: chat files are refused and /healthz fails)` : ""}`,
  };
}

/** The bounds on chat files (FEATURES Q6), so the owner sees what visitors may store. */
function describeChatFiles(config: Config): Check {
  const keep = config.chatFilesKeepDays ? `kept ${config.chatFilesKeepDays} days` : "kept for ever";
  const detail = `at most ${config.chatFilesPerChatMb} MB a chat, ${config.chatFilesPerAddressMb} MB a visitor address a day, ${config.chatFilesTotalMb} MB in all; ${keep}`;
  return { name: "chat files", ok: true, detail };
}

function checkTcpPort(name: string, host: string, port: number): Check {
  const r = safe(() => Bun.listen({ hostname: host, port, socket: { data() {} } }).stop(true));
  return r instanceof Error
    ? { name, ok: false, detail: `${host}:${port} cannot be opened (${codeOf(r)}); is switchboard already running?` }
    : { name, ok: true, detail: `${host}:${port} is free` };
}

async function checkUdpPort(name: string, port: number): Promise<Check> {
  try {
    (await Bun.udpSocket({ port })).close();
    return { name, ok: true, detail: `UDP ${port} is free` };
  } catch (err) {
    return { name, ok: false, detail: `UDP ${port} cannot be opened (${codeOf(err as Error)})` };
  }
}

/** What the firewall (and a NAT in front of the box) must let through for call audio. */
function describeMedia(config: Config): Check {
  const { first, last } = config.rtpPorts;
  const address = config.mediaAddress ? `media address ${config.mediaAddress}` : "no media address (SDP names SIP's own address)";
  return { name: "RTP ports", ok: true, detail: `UDP ${first}-${last} (${Math.floor((last - first + 1) / 2)} audio streams); ${address}` };
}

/** When the SIP guard stops answering an address, and for how long (--sip-ban-seconds). */
function describeSipBans(config: Config): Check {
  const g = DEFAULT_GUARD;
  const window = `within ${g.offenceWindowMs / 1000} s`;
  const detail = `an address is ignored for ${config.sipBanSeconds} s after ${g.maxAuthFailures} refused requests or failed logins ${window}, ${g.maxMalformed} malformed messages ${window}, a flood or a scanner User-Agent; the trunk's addresses never`;
  return { name: "SIP bans", ok: true, detail };
}

const codeOf = (err: Error) => (err as NodeJS.ErrnoException).code ?? err.message;

const SELF_SIGNED_WARNING = `Self-signed: customers' browsers will refuse the website chat widget from this box. ${TRUSTED_CERT_ADVICE}`;

function checkCertificate(config: Config): Check {
  if (config.tls === "off") return { name: "certificate", ok: true, warnOnly: true, detail: "TLS off: plain HTTP on loopback only" };
  const path = config.tlsCert ?? join(config.dataDir, "tls", "self-signed.crt");
  if (!existsSync(path))
    return {
      name: "certificate",
      ok: false,
      warnOnly: true,
      detail: `a self-signed certificate will be made at first start. ${SELF_SIGNED_WARNING}`,
    };
  const cert = safe(() => new X509Certificate(readFileSync(path)));
  if (cert instanceof Error) return { name: "certificate", ok: false, detail: `${path}: ${cert.message}` };
  const daysLeft = Math.floor((Date.parse(cert.validTo) - Date.now()) / 86400_000);
  const detail = `${path}: ${cert.subjectAltName ?? cert.subject}; ${daysLeft} days left; SHA-256 ${cert.fingerprint256}`;
  if (daysLeft > 0 && cert.checkIssued(cert))
    return { name: "certificate", ok: false, warnOnly: true, detail: `${detail}. ${SELF_SIGNED_WARNING}` };
  return { name: "certificate", ok: daysLeft > 0, detail };
}

function checkReach(name: string, host: string, port: number): Promise<Check> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ name, ok: false, warnOnly: true, detail: `${host}:${port} did not answer in 3 s` }), 3000);
    Bun.connect({
      hostname: host,
      port,
      socket: {
        open(s) {
          clearTimeout(timer);
          s.end();
          resolve({ name, ok: true, detail: `${host}:${port} answers` });
        },
        data() {},
        connectError(_s, err) {
          clearTimeout(timer);
          resolve({ name, ok: false, warnOnly: true, detail: `${host}:${port}: ${err.message}` });
        },
      },
    }).catch((err: Error) => {
      clearTimeout(timer);
      resolve({ name, ok: false, warnOnly: true, detail: `${host}:${port}: ${err.message}` });
    });
  });
}

/** What the nightly purge keeps (Admin → Settings → Data retention). */
function retentionDetail(r: { transcriptDays: number; reportDays: number }): string {
  const kept = (days: number) => (days ? `${days} days` : "for ever");
  return `chat transcripts and files ${kept(r.transcriptDays)}, report rows ${kept(r.reportDays)} (purged nightly; Admin → Settings)`;
}
