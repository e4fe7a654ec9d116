import { expect, test } from "bun:test";
import { checkOrigin, hoursProblem, isHostOrIp, listProblem } from "./checks.ts";

test("host names and IP addresses", () => {
  for (const ok of ["pbx.example.com", "localhost", "10.0.0.5", "2001:db8::1", "::1", "box-1.lan"])
    expect([ok, isHostOrIp(ok)]).toEqual([ok, true]);
  for (const bad of ["", "a b", "-x.com", "x-.com", "256.1.1.1", "1.2.3", "http://x", "x..y", "a".repeat(254), "2001:db8::zz"])
    expect([bad, isHostOrIp(bad)]).toEqual([bad, false]);
});

test("widget origins: https, or http:// for localhost, loopback and private addresses; no path", () => {
  expect(checkOrigin("https://Shop.Example.com")).toEqual({ origin: "https://shop.example.com" });
  expect(checkOrigin("https://shop.example.com:8443")).toEqual({ origin: "https://shop.example.com:8443" });
  expect(checkOrigin("http://localhost:3000")).toEqual({ origin: "http://localhost:3000" });
  for (const local of [
    "http://127.0.0.1:8099",
    "http://10.1.2.3",
    "http://172.20.0.9:8080",
    "http://192.168.1.20",
    "http://[::1]:81",
    "http://[fd00::5]",
  ])
    expect(checkOrigin(local)).toEqual({ origin: local });
  for (const bad of [
    "http://shop.example.com",
    "http://8.8.8.8",
    "http://172.32.0.1",
    "http://192.169.0.1",
    "http://[2001:db8::1]",
    "https://shop.example.com/",
    "https://a.com/x",
    "https://a.com?x=1",
    "https://u:p@a.com",
    "ftp://a.com",
    "a.com",
  ])
    expect([bad, "problem" in checkOrigin(bad)]).toEqual([bad, true]);
});

test("opening hours and name lists", () => {
  expect(hoursProblem("")).toBeNull();
  expect(hoursProblem("08:00-18:00")).toBeNull();
  expect(hoursProblem("00:00-24:00")).toBeNull();
  expect(hoursProblem("18:00-08:00")).toContain("after");
  expect(hoursProblem("24:00-24:30")).not.toBeNull();
  expect(hoursProblem("8:00-18:00")).toContain("HH:MM");
  expect(listProblem(["a", "A"], "L", { min: 1, max: 5, maxLength: 10 })).toContain("twice");
  expect(listProblem([], "L", { min: 1, max: 5, maxLength: 10 })).toContain("at least 1");
  expect(listProblem(["a"], "L", { min: 1, max: 5, maxLength: 10 })).toBeNull();
});
