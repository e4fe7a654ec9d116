import { describe, expect, test } from "bun:test";
import { maskAddress } from "./mask-address.ts";

describe("maskAddress", () => {
  test("a phone number keeps its last N digits and its separators", () => {
    expect(maskAddress("+44 20 7946 0958", 4)).toBe("+•• •• •••• 0958");
    expect(maskAddress("(030) 123-456", 2)).toBe("(•••) •••-•56");
  });

  test("zero digits hides every digit; more digits than the number has shows it whole", () => {
    expect(maskAddress("5551234", 0)).toBe("•••••••");
    expect(maskAddress("5551234", 12)).toBe("5551234");
  });

  test("an email keeps the first letter and the domain, never the length of the mailbox", () => {
    expect(maskAddress("jane.doe@example.com", 4)).toBe("j•••@example.com");
    expect(maskAddress("x@example.org", 4)).toBe("x•••@example.org");
  });

  test("letters and other characters in a number are hidden too; empty stays empty", () => {
    expect(maskAddress("sip:1001@pbx", 2)).toBe("s•••@pbx");
    expect(maskAddress("ext 1234", 2)).toBe("••• ••34");
    expect(maskAddress("  ", 4)).toBe("");
  });
});
