import { generateKeyPairSync, sign, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";

export type TlsFiles = { cert: string; key: string; fingerprint: string; generated: boolean };

/**
 * The certificate to serve HTTPS with: the configured cert/key, else a self-signed one made once
 * for this box's names and addresses and kept in the data folder (FEATURES D3).
 */
export async function loadOrCreateTls(dataDir: string, certPath: string | null, keyPath: string | null): Promise<TlsFiles> {
  if (certPath && keyPath) {
    const cert = readFileSync(certPath, "utf8");
    return { cert, key: readFileSync(keyPath, "utf8"), fingerprint: fingerprintOf(cert), generated: false };
  }
  const dir = join(dataDir, "tls");
  const certFile = join(dir, "self-signed.crt");
  const keyFile = join(dir, "self-signed.key");
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, "utf8");
    return { cert, key: readFileSync(keyFile, "utf8"), fingerprint: fingerprintOf(cert), generated: false };
  }
  const { cert, key } = await createSelfSigned(boxNames(), boxAddresses());
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, key, { mode: 0o600 });
  writeFileSync(certFile, cert);
  return { cert, key, fingerprint: fingerprintOf(cert), generated: true };
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export function boxNames(): string[] {
  return [...new Set([hostname(), "localhost"].filter(Boolean))];
}

export function boxAddresses(): string[] {
  const out = new Set(["127.0.0.1", "::1"]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.split("%")[0] as string);
  return [...out];
}

/**
 * An RSA-2048 self-signed certificate valid for ten years for the given DNS names and IP addresses.
 * node-forge is loaded only here: it costs tens of milliseconds at every start otherwise (FEATURES P5).
 */
export async function createSelfSigned(names: string[], addresses: string[]): Promise<{ cert: string; key: string }> {
  const { default: forge } = await import("node-forge");
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const subject = [
    { name: "commonName", value: names[0] ?? "switchboard" },
    { name: "organizationName", value: "Switchboard appliance" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [...names.map((value) => ({ type: 2, value })), ...addresses.map((ip) => ({ type: 7, ip }))],
    },
  ]);
  // Signed natively: forge's own RSA in JavaScript takes 80–300 ms, node:crypto a few milliseconds (FEATURES P5).
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.siginfo.algorithmOid = cert.signatureOid;
  const pki = forge.pki as typeof forge.pki & { getTBSCertificate(c: typeof cert): typeof cert.tbsCertificate };
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), "binary");
  cert.signature = sign("sha256", tbs, privateKey).toString("binary");
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}
