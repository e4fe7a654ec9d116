import { describe, expect, test } from "bun:test";
import { PNG_BYTES, SVG_BYTES } from "../../tests/support/users.ts";
import { readAvatarUpload, sniffImage } from "./avatar.ts";

const JPEG_START = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

describe("sniffImage", () => {
  test("knows PNG and JPEG by their first bytes", () => {
    expect(sniffImage(PNG_BYTES)).toBe("image/png");
    expect(sniffImage(JPEG_START)).toBe("image/jpeg");
  });

  test("refuses SVG, GIF, HTML, a bare PNG signature and empty input", () => {
    expect(sniffImage(SVG_BYTES)).toBeNull();
    expect(sniffImage(Buffer.from("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(sniffImage(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffImage(PNG_BYTES.subarray(0, 8))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});

describe("readAvatarUpload", () => {
  test("no file chosen (empty part or missing field) means no change", async () => {
    expect(await readAvatarUpload(undefined)).toBeNull();
    expect(await readAvatarUpload(new File([], "", { type: "application/octet-stream" }))).toBeNull();
  });

  test("trusts the bytes, not the name or the declared type", async () => {
    const jpegAsPng = await readAvatarUpload(new File([JPEG_START], "photo.png", { type: "image/png" }));
    expect(jpegAsPng && "image" in jpegAsPng ? jpegAsPng.image.mime : null).toBe("image/jpeg");
    const svg = await readAvatarUpload(new File([SVG_BYTES], "cat.png", { type: "image/png" }));
    expect(svg).toEqual({ error: "The avatar must be a PNG or JPEG image" });
  });

  test("refuses text where a file belongs, and files over the limit", async () => {
    expect(await readAvatarUpload("hello")).toEqual({ error: "Choose an image file to upload" });
    const big = new File([new Uint8Array(2 * 1048576 + 1)], "big.png");
    expect(await readAvatarUpload(big, 2 * 1048576)).toEqual({ error: "The avatar must be at most 2 MB" });
  });
});
