import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "./cli.ts";
import { baseUrl, ConfigError, DEFAULTS, lanAddress, loadConfig } from "./config.ts";

const dir = mkdtempSync(join(tmpdir(), "sb-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(content: unknown): string {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("loadConfig", () => {
  test("runs on its defaults, with the data folder made absolute", () => {
    const config = loadConfig({ args: {}, env: {} });
    expect(config).toEqual({ ...DEFAULTS, dataDir: resolve("./data") });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("a flag wins over the environment, which wins over the file", () => {
    const file = configFile({ httpPort: 1111, sipPort: 2222, sessionHours: 3 });
    const env = { SWITCHBOARD_CONFIG: file, SWITCHBOARD_HTTP_PORT: "4444", SWITCHBOARD_SIP_PORT: "5555" };
    const config = loadConfig({ args: { "--http-port": "6666" }, env });
    expect([config.httpPort, config.sipPort, config.sessionHours]).toEqual([6666, 5555, 3]);
  });

  test("--config wins over SWITCHBOARD_CONFIG", () => {
    const a = configFile({ logLevel: "debug" });
    const b = configFile({ logLevel: "warn" });
    expect(loadConfig({ args: { "--config": a }, env: { SWITCHBOARD_CONFIG: b } }).logLevel).toBe("debug");
  });

  test("refuses unknown keys, a missing file and a file that is not a JSON object", () => {
    expect(() => loadConfig({ args: { "--config": configFile({ httpPort: 1, htpPort: 2 }) }, env: {} })).toThrow("unknown keys: htpPort");
    expect(() => loadConfig({ args: { "--config": join(dir, "nope.json") }, env: {} })).toThrow("config file not found");
    expect(() => loadConfig({ args: { "--config": configFile("[1,2]") }, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ args: { "--config": configFile("{oops") }, env: {} })).toThrow(ConfigError);
  });

  test("refuses values out of range with the flag's name", () => {
    expect(() => loadConfig({ args: { "--http-port": "70000" }, env: {} })).toThrow("--http-port must be a whole number from 0 to 65535");
    expect(() => loadConfig({ args: {}, env: { SWITCHBOARD_SIP_PORT: "five" } })).toThrow("--sip-port");
    expect(() => loadConfig({ args: { "--tls": "on" }, env: {} })).toThrow("--tls must be auto or off");
    expect(() => loadConfig({ args: { "--log-level": "loud" }, env: {} })).toThrow("--log-level");
  });

  test("call limits: defaults, a flag or the environment, and out-of-range values refused", () => {
    expect([DEFAULTS.maxCalls, DEFAULTS.maxCallsPerSecond]).toEqual([200, 50]);
    const set = loadConfig({ args: { "--max-calls": "40" }, env: { SWITCHBOARD_MAX_CALLS_PER_SECOND: "5" } });
    expect([set.maxCalls, set.maxCallsPerSecond]).toEqual([40, 5]);
    expect(() => loadConfig({ args: { "--max-calls": "0" }, env: {} })).toThrow("--max-calls must be a whole number from 1 to 10000");
    expect(() => loadConfig({ args: { "--max-calls-per-second": "many" }, env: {} })).toThrow("--max-calls-per-second");
  });

  test("the SIP ban time: 15 minutes by default, from a flag, the environment or the file, within a week", () => {
    expect(DEFAULTS.sipBanSeconds).toBe(900);
    expect(loadConfig({ args: { "--sip-ban-seconds": "60" }, env: {} }).sipBanSeconds).toBe(60);
    expect(loadConfig({ args: {}, env: { SWITCHBOARD_SIP_BAN_SECONDS: "3600" } }).sipBanSeconds).toBe(3600);
    expect(loadConfig({ args: { "--config": configFile({ sipBanSeconds: 120 }) }, env: {} }).sipBanSeconds).toBe(120);
    expect(() => loadConfig({ args: { "--sip-ban-seconds": "0" }, env: {} })).toThrow(
      "--sip-ban-seconds must be a whole number from 1 to 604800",
    );
  });

  test("the RTP port range and the media address, from a flag, the environment or the file", () => {
    expect(DEFAULTS.rtpPorts).toEqual({ first: 20000, last: 29999 });
    expect(DEFAULTS.mediaAddress).toBe("");
    const fromFlags = loadConfig({ args: { "--rtp-ports": "30000-30999", "--media-address": "203.0.113.7" }, env: {} });
    expect([fromFlags.rtpPorts, fromFlags.mediaAddress]).toEqual([{ first: 30000, last: 30999 }, "203.0.113.7"]);
    const env = { SWITCHBOARD_RTP_PORTS: "40000 - 40001", SWITCHBOARD_MEDIA_ADDRESS: "198.51.100.20" };
    expect(loadConfig({ args: {}, env })).toMatchObject({ rtpPorts: { first: 40000, last: 40001 }, mediaAddress: "198.51.100.20" });
    const file = configFile({ rtpPorts: "10000-19999", mediaAddress: "192.0.2.1" });
    expect(loadConfig({ args: { "--config": file }, env: {} })).toMatchObject({
      rtpPorts: { first: 10000, last: 19999 },
      mediaAddress: "192.0.2.1",
    });
    expect(Object.isFrozen(fromFlags.rtpPorts)).toBe(true);
  });

  test("refuses an RTP port range that is not FIRST-LAST, starts odd, is empty or leaves 1024-65535", () => {
    const ports = (value: string) => () => loadConfig({ args: { "--rtp-ports": value }, env: {} });
    expect(ports("20000")).toThrow('--rtp-ports must be a range FIRST-LAST, e.g. 20000-29999 (got "20000")');
    expect(ports("a-b")).toThrow("--rtp-ports must be a range FIRST-LAST");
    expect(ports("20001-29999")).toThrow("--rtp-ports must start on an even port: RTP is even, RTCP the odd port above (got 20001)");
    expect(ports("30000-20000")).toThrow("--rtp-ports: the first port must be below the last (got 30000-20000)");
    expect(ports("20000-20000")).toThrow("the first port must be below the last");
    expect(ports("1000-2000")).toThrow("--rtp-ports must lie within 1024-65535 (got 1000-2000)");
    expect(ports("60000-70000")).toThrow("--rtp-ports must lie within 1024-65535");
    expect(() => loadConfig({ args: {}, env: { SWITCHBOARD_RTP_PORTS: "-5" } })).toThrow(ConfigError);
    expect(() => loadConfig({ args: { "--config": configFile({ rtpPorts: { first: 1, last: 2 } }) }, env: {} })).toThrow("--rtp-ports");
  });

  test("refuses a media address that is not an IPv4 address others can reach", () => {
    const address = (value: string) => () => loadConfig({ args: { "--media-address": value }, env: {} });
    expect(address("pbx.example.com")).toThrow('--media-address must be an IPv4 address such as 203.0.113.7 (got "pbx.example.com")');
    for (const bad of ["203.0.113", "203.0.113.256", "0.0.0.0", "2001:db8::1", "1.2.3.4.5"]) expect(address(bad)).toThrow(ConfigError);
  });

  test("plain HTTP binds to loopback, and is refused on an address others can reach", () => {
    expect(loadConfig({ args: { "--tls": "off" }, env: {} }).httpHost).toBe("127.0.0.1");
    expect(loadConfig({ args: { "--tls": "off", "--http-host": "::1" }, env: {} }).httpHost).toBe("::1");
    expect(() => loadConfig({ args: { "--tls": "off", "--http-host": "0.0.0.0" }, env: {} })).toThrow("only allowed on a loopback");
    expect(() => loadConfig({ args: { "--tls": "off" }, env: { SWITCHBOARD_HTTP_HOST: "192.168.1.5" } })).toThrow(ConfigError);
  });

  test("a certificate needs its key", () => {
    expect(() => loadConfig({ args: { "--tls-cert": "/x.crt" }, env: {} })).toThrow("--tls-cert and --tls-key go together");
  });

  test("the base URL follows TLS, host and the public URL", () => {
    // Listening on every address, the box names its LAN address: another PC can open the links it prints and mails.
    expect(baseUrl(loadConfig({ args: {}, env: {} }), 8443, "192.168.1.20")).toBe("https://192.168.1.20:8443");
    expect(baseUrl(loadConfig({ args: {}, env: {} }), 8443, null)).toBe("https://localhost:8443");
    expect(baseUrl(loadConfig({ args: { "--tls": "off", "--http-port": "8080" }, env: {} }))).toBe("http://127.0.0.1:8080");
    expect(baseUrl(loadConfig({ args: { "--public-url": "https://pbx.lan:9443/" }, env: {} }), 8443, "192.168.1.20")).toBe(
      "https://pbx.lan:9443",
    );
  });

  test("the LAN address is the box's first private IPv4 address, never a loopback one", () => {
    const nic = (address: string, internal = false) => ({ address, internal, family: "IPv4" as const, netmask: "", mac: "", cidr: null });
    expect(lanAddress({ lo: [nic("127.0.0.1", true)] })).toBeNull();
    expect(lanAddress({ lo: [nic("127.0.0.1", true)], eth0: [nic("203.0.113.9")], wlan0: [nic("192.168.1.20")] })).toBe("192.168.1.20");
    expect(lanAddress({ eth0: [nic("203.0.113.9")] })).toBe("203.0.113.9");
  });
});

describe("parseArgs", () => {
  test("serve is the default command", () => {
    expect(parseArgs([])).toEqual({ command: "serve", positional: [], flags: {} });
    expect(parseArgs(["--data-dir", "/srv/sb", "--http-port=9000"]).flags).toEqual({ "--data-dir": "/srv/sb", "--http-port": "9000" });
  });

  test("takes a command, its positional argument and its own options", () => {
    expect(parseArgs(["backup", "/tmp/b.db"])).toMatchObject({ command: "backup", positional: ["/tmp/b.db"] });
    expect(parseArgs(["create-admin", "--username", "ann", "--email=a@b.c"]).flags).toEqual({ "--username": "ann", "--email": "a@b.c" });
    expect(parseArgs(["-h"]).command).toBe("help");
    expect(parseArgs(["doctor", "--version"]).command).toBe("version");
  });

  test("refuses unknown commands and options, missing values and wrong argument counts", () => {
    expect(() => parseArgs(["frobnicate"])).toThrow('unknown command "frobnicate"');
    expect(() => parseArgs(["--data-dri", "x"])).toThrow("unknown option --data-dri for serve");
    expect(() => parseArgs(["migrate", "--username", "x"])).toThrow("unknown option --username for migrate");
    expect(() => parseArgs(["--http-port"])).toThrow("--http-port needs a value");
    expect(() => parseArgs(["--data-dir", "--tls", "off"])).toThrow("--data-dir needs a value");
    expect(() => parseArgs(["backup"])).toThrow("backup needs FILE");
    expect(() => parseArgs(["migrate", "now"])).toThrow('migrate does not take "now"');
  });
});
