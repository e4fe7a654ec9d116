import { expect, test } from "bun:test";
import promptIndex from "../../static/prompts.json";
import { decodeToPcm } from "./g711.ts";
import { PROMPT_TEXTS } from "./prompt-texts.ts";
import { loadPrompts } from "./prompts.ts";

test("the embedded prompts hold every prompt's words, each a short stretch of speech, in a small file", async () => {
  expect(Object.keys(promptIndex).sort()).toEqual(Object.keys(PROMPT_TEXTS).sort());
  expect((await Bun.file(new URL("../../static/prompts.wav", import.meta.url)).bytes()).length).toBeLessThan(400_000);
  const prompts = await loadPrompts();
  for (const name of Object.keys(PROMPT_TEXTS) as (keyof typeof PROMPT_TEXTS)[]) {
    const clip = prompts.clip(name);
    expect(clip.frameCount).toBeGreaterThan(10);
    expect(clip.frameCount).toBeLessThan(500);
    const loudest = Math.max(
      ...Array.from({ length: clip.frameCount }, (_, i) => Math.max(...decodeToPcm(clip.frame(i, "PCMA"), "PCMA").map(Math.abs))),
    );
    expect(loudest).toBeGreaterThan(3000);
  }
  expect(prompts.number(20)).toBe(prompts.clip("n20"));
  expect([prompts.number(0), prompts.number(21), prompts.number(2.5)]).toEqual([null, null, null]);
});
