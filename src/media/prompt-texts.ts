/** The words of each built-in prompt (scripts/make-prompts.ts speaks them into static/prompts.wav). */
export const PROMPT_TEXTS = {
  "caller-number": "You are caller number",
  "many-callers": "There are more than twenty callers ahead of you.",
  "wait-about": "Your estimated wait is about",
  minute: "minute.",
  minutes: "minutes.",
  "wait-short": "Your estimated wait is less than a minute.",
  "wait-long": "Your estimated wait is more than twenty minutes.",
  "stay-on-line": "Thank you for waiting. Please stay on the line.",
  overflow: "We are sorry, all of our agents are busy. Please call again later. Goodbye.",
  closed: "Thank you for calling. We are closed at the moment. Please call again during our business hours. Goodbye.",
  ...Object.fromEntries(
    [
      "one",
      "two",
      "three",
      "four",
      "five",
      "six",
      "seven",
      "eight",
      "nine",
      "ten",
      "eleven",
      "twelve",
      "thirteen",
      "fourteen",
      "fifteen",
      "sixteen",
      "seventeen",
      "eighteen",
      "nineteen",
      "twenty",
    ].map((word, i) => [`n${i + 1}`, `${word}.`]),
  ),
} as const satisfies Record<string, string>;

export type PromptName = keyof typeof PROMPT_TEXTS | `n${number}`;

/** Numbers 1 to this have a prompt of their own. */
export const HIGHEST_SPOKEN_NUMBER = 20;
