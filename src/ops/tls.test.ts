import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateTls, type TlsFiles } from "./index.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "sb-tls-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("loadOrCreateTls", () => {
  const dataDir = tempDir();
  let first: TlsFiles;
  beforeAll(async () => {
    first = await loadOrCreateTls(dataDir, null, null);
  });

  test("makes a self-signed certificate at first start and keeps its key private", () => {
    expect(first.generated).toBe(true);
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const x509 = new X509Certificate(first.cert);
    expect(x509.checkPrivateKey(createPrivateKey(first.key))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true); // the self-signature holds
    expect(x509.issuer).toBe(x509.subject);
    expect(statSync(join(dataDir, "tls", "self-signed.key")).mode & 0o077).toBe(0);
  });

  test("reuses the same certificate on the next start", async () => {
    const again = await loadOrCreateTls(dataDir, null, null);
    expect(again.generated).toBe(false);
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.key).toBe(first.key);
  });

  test("names localhost, 127.0.0.1 and this box's hostname", () => {
    const san = new X509Certificate(first.cert).subjectAltName ?? "";
    expect(san).toContain("DNS:localhost");
    expect(san).toContain(`DNS:${hostname()}`);
    expect(san).toContain("IP Address:127.0.0.1");
    expect(new X509Certificate(first.cert).checkHost("localhost")).toBe("localhost");
  });

  test("uses a given certificate and key as they are, without making one", async () => {
    const own = tempDir();
    const certFile = join(own, "box.crt");
    const keyFile = join(own, "box.key");
    writeFileSync(certFile, first.cert);
    writeFileSync(keyFile, first.key);
    const otherData = tempDir();
    const given = await loadOrCreateTls(otherData, certFile, keyFile);
    expect(given).toEqual({ cert: first.cert, key: first.key, fingerprint: first.fingerprint, generated: false });
    expect(existsSync(join(otherData, "tls"))).toBe(false);
  });
});
