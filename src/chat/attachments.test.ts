import { describe, expect, test } from "bun:test";
import { ValidationError } from "../shared/index.ts";
import { checkFile, cleanFileName, downloadHeaders, sniffType } from "./attachments.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("file type by content (W2)", () => {
  test("images and documents are recognised by their signature", () => {
    expect(sniffType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest"))?.mime).toBe("image/png");
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF"))?.mime).toBe("image/jpeg");
    expect(sniffType(bytes("GIF89a", [1, 0, 1, 0]))?.mime).toBe("image/gif");
    expect(sniffType(bytes("%PDF-1.7\n"))?.mime).toBe("application/pdf");
    expect(sniffType(bytes("PK", [3, 4], "....[Content_Types].xml....word/document.xml"))?.label).toBe("Word document");
    expect(sniffType(bytes("Order 4711\r\nSize M\tblue\n"))?.mime).toBe("text/plain; charset=utf-8");
  });

  test("markup, other zips, executables and invalid text are refused whatever their name", () => {
    expect(sniffType(bytes("<!DOCTYPE html><p>hi"))).toBeNull();
    expect(sniffType(bytes("\uFEFF  <svg onload=alert(1)>"))).toBeNull();
    expect(sniffType(bytes("<?xml version='1.0'?><svg/>"))).toBeNull();
    expect(sniffType(bytes("PK", [3, 4], "payload.exe"))).toBeNull();
    expect(sniffType(bytes("MZ", [0x90, 0, 3, 0]))).toBeNull();
    expect(sniffType(bytes([0xc3, 0x28]))).toBeNull();
  });

  test("the name must match the content, the size the limit; names lose folders and control characters", () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(checkFile("C:\\Users\\me\\photo.PNG", png, 100).name).toBe("photo.PNG");
    expect(() => checkFile("photo.jpg", png, 100)).toThrow("is a PNG image; its name must end with .png");
    expect(() => checkFile("photo.png", png, 4)).toThrow(ValidationError);
    expect(() => checkFile("empty.txt", new Uint8Array(), 100)).toThrow("is empty");
    expect(cleanFileName('../../etc/"pass\u0007wd".txt')).toBe("passwd.txt");
    expect(cleanFileName("/")).toBe("file");
  });

  test("downloads are attachments with nosniff and a sandbox, and a safe file name header", () => {
    const h = downloadHeaders({
      id: "a",
      conversationId: "c",
      fileName: 'naïve"; x.txt',
      mime: "text/plain; charset=utf-8",
      size: 3,
      data: Buffer.from("abc"),
      createdAt: 0,
    });
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["content-disposition"]).toBe(`attachment; filename="na_ve__ x.txt"; filename*=UTF-8''na%C3%AFve%22%3B%20x.txt`);
    expect(h["content-security-policy"]).toContain("sandbox");
  });
});
