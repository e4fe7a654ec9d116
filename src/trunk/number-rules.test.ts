import { describe, expect, test } from "bun:test";
import { applyNumberRules, cleanNumber, type NumberRule, ruleProblem } from "./number-rules.ts";

const swiss: NumberRule[] = [
  { prefix: "00", strip: 2, add: "+" },
  { prefix: "0", strip: 1, add: "+41" },
];

describe("outbound number rules", () => {
  test("strip the leading 0, add +41: a national number becomes E.164", () => {
    expect(applyNumberRules(swiss, "0441234567")).toBe("+41441234567");
  });

  test("the first matching rule wins: 00 is international, not national with a 0 left over", () => {
    expect(applyNumberRules(swiss, "0049301234567")).toBe("+49301234567");
  });

  test("a number no rule matches is sent as dialled", () => {
    expect(applyNumberRules(swiss, "+41441234567")).toBe("+41441234567");
    expect(applyNumberRules(swiss, "112")).toBe("112");
  });

  test("no rules at all leave every number alone", () => {
    expect(applyNumberRules([], "0441234567")).toBe("0441234567");
  });

  test("an empty prefix matches every number: add a trunk access code", () => {
    expect(applyNumberRules([{ prefix: "", strip: 0, add: "9" }], "5551234")).toBe("95551234");
  });

  test("strip only: remove an outside-line 9 and keep the rest", () => {
    expect(applyNumberRules([{ prefix: "9", strip: 1, add: "" }], "90441234567")).toBe("0441234567");
  });

  test("a rule may rewrite its prefix: +41 becomes the national 0", () => {
    expect(applyNumberRules([{ prefix: "+41", strip: 3, add: "0" }], "+41441234567")).toBe("0441234567");
  });
});

describe("number and rule checks", () => {
  test("typed separators are dropped; letters are not a number", () => {
    expect(cleanNumber("+41 44 123-45.67")).toBe("+41441234567");
    expect(cleanNumber("(044) 123 45 67")).toBe("0441234567");
    expect(cleanNumber("call me")).toBeUndefined();
    expect(cleanNumber("")).toBeUndefined();
  });

  test("each part of a rule is checked and named", () => {
    expect(ruleProblem({ prefix: "0", strip: 1, add: "+41" }, "Rule 1")).toBeUndefined();
    expect(ruleProblem({ prefix: "0a", strip: 1, add: "" }, "Rule 1")?.field).toBe("prefix");
    expect(ruleProblem({ prefix: "0", strip: 17, add: "" }, "Rule 2")).toEqual({
      field: "strip",
      message: "Rule 2: characters to remove must be between 0 and 16",
    });
    expect(ruleProblem({ prefix: "0", strip: 1, add: "41+" }, "Rule 1")?.field).toBe("add");
    expect(ruleProblem({ prefix: "0", strip: 0, add: "" }, "Rule 3")?.message).toBe(
      "Rule 3 changes nothing: remove characters or add a prefix",
    );
  });
});
