const MASK = "•";

/**
 * Hides a customer's phone number or email address from an agent whose profile says so (FEATURES A2):
 * a number keeps only its last `keepDigits` digits (separators stay, so it still reads as a number);
 * an email keeps the first letter of the mailbox and the domain.
 */
export function maskAddress(address: string, keepDigits: number): string {
  const value = address.trim();
  if (!value) return "";
  const at = value.lastIndexOf("@");
  if (at > 0) return `${value[0]}${MASK.repeat(3)}${value.slice(at)}`;
  const total = [...value].filter(isDigit).length;
  let seen = 0;
  return [...value]
    .map((ch) => {
      if (isDigit(ch)) {
        seen++;
        return seen > total - Math.max(0, keepDigits) ? ch : MASK;
      }
      // Letters may spell out a number or a name; only separators are safe to keep.
      return /[\s+\-().]/.test(ch) ? ch : MASK;
    })
    .join("");
}

const isDigit = (ch: string) => ch >= "0" && ch <= "9";
