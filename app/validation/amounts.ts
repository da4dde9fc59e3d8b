/**
 * Money, quantities and dates as people type them, without zod (decision
 * 048): the form's live echo of an amount and the photo picker use these in
 * the browser without bringing zod's schemas; fields.ts builds the schemas
 * on them and re-exports them.
 */
import { foldVietnamese } from "~/search/fold";

export const MAX_VND = 1_000_000_000_000; // one trillion đồng: more is a typo
export const MAX_QUANTITY = 99_999_999_999; // fits numeric(14,3)

/**
 * Whole đồng as Vietnamese people write it (docs/decisions/023-amounts-as-people-write-them.md):
 * - digits, grouped in threes by one kind of separator: "25000", "25.000",
 *   "25,000", "25 000", "1.250.000";
 * - with a multiplier, a decimal of up to two digits allowed before it:
 *   "25k", "25 nghìn", "25 ngàn", "25 ng", "2,5k", "1tr", "1,5 triệu", "1 tỷ";
 * - descending parts, the last one's tail read as the next digits, the way
 *   it is said: "2 triệu 500 nghìn", "2 triệu 500", "1tr5" (1.500.000),
 *   "25k5" (25.500), "2 triệu rưỡi";
 * - followed by "đ", "₫", "đồng", "vnd" or "vnđ"; with or without diacritics.
 * Refused as ambiguous or odd: "25.5" and "1,5" alone (VND has no minor unit,
 * so these could be 25,5 or 255), mixed or misplaced separators ("1.250,000",
 * "2.50.000"), three decimals before a multiplier ("1.500k": 1,5k or 1500k?),
 * "25kk", signs, exponents, hex and digits other than 0–9.
 */
export function parseVnd(input: string): number | null {
  const text = foldVietnamese(input.normalize("NFC"))
    .trim()
    .replace(/\s*(₫|vnd|dong|d)$/, "");
  if (/^\d+$/.test(text) || /^\d{1,3}([.,\s])\d{3}(?:\1\d{3})*$/.test(text)) return safeWhole(text.replace(/[.,\s]/g, ""));
  return parseSpokenVnd(text);
}

const MULTIPLIERS: readonly [RegExp, number][] = [
  [/^(ty|ti)/, 1_000_000_000],
  [/^(trieu|tr)/, 1_000_000],
  [/^(nghin|ngan|ng|k)/, 1_000],
];

/** "2 triệu 500 nghìn", "1tr5", "2,5k", "3 tỷ rưỡi" (already folded, currency removed). */
function parseSpokenVnd(text: string): number | null {
  let rest = text;
  let total = 0;
  let last = Infinity; // the multiplier of the part before: parts must descend
  let parts = 0;
  let decimal = false;
  for (;;) {
    const number = /^(\d+)(?:[.,](\d{1,2}))?(?!\d)\s*/.exec(rest);
    if (!number) break;
    const after = rest.slice(number[0].length);
    const unit = MULTIPLIERS.find(([word]) => word.test(after));
    if (!unit) break;
    const [word, multiplier] = unit;
    const whole = number[1];
    const fraction = number[2] ?? "";
    if (multiplier >= last) return null;
    // A later part is below the one before ("2 triệu 1500 nghìn" is not a way to write money); decimals only alone.
    if (parts > 0 && (fraction || Number(whole) * multiplier >= last)) return null;
    total += Number(whole) * multiplier + (Number(fraction || "0") * multiplier) / 10 ** fraction.length;
    rest = after.replace(word, "").trimStart();
    last = multiplier;
    parts += 1;
    decimal = fraction !== "";
    if (decimal) break;
  }
  if (parts === 0) return null;
  if (rest !== "") {
    // The tail after the last multiplier: the next digits, as said ("1tr5" = 1.500.000, "1tr25" =
    // 1.250.000, "2 triệu 500" = 2.500.000) or "rưỡi" (and a half). Not after a decimal ("1,5tr2").
    const tail = /^(\d{1,3}|ruoi)$/.exec(rest);
    if (!tail || decimal) return null;
    total += tail[1] === "ruoi" ? last / 2 : (Number(tail[1].padEnd(3, "0")) * last) / 1_000;
  }
  return Number.isSafeInteger(total) ? total : null;
}

function safeWhole(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A quantity: "12", "12,5" (Vietnamese decimal comma) or "12.5"; up to three
 * decimals. A single "1.500" stays 1,5 (it is how our own forms write 1.5 back,
 * and the form echoes "= 1,5 kg" as it is typed); thousands are accepted only
 * where they cannot be decimals: spaces ("1 500") or two groups or more
 * ("1.500.000").
 */
export function parseQuantityInput(input: string): number | null {
  const trimmed = input.trim();
  if (/^\d{1,3}(?:\s\d{3})+$/.test(trimmed) || /^\d{1,3}([.,])\d{3}(?:\1\d{3})+$/.test(trimmed)) {
    return safeWhole(trimmed.replace(/[.,\s]/g, ""));
  }
  const cleaned = trimmed.replace(",", ".");
  if (!/^\d+(\.\d{1,3})?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A signed decimal number ("-12", "10.5", "10,5"): no exponents, hex, signs on both ends or infinities. */
export function parseSignedDecimal(input: string): number | null {
  const cleaned = input.trim().replace(",", ".");
  return /^-?\d{1,15}(\.\d{1,15})?$/.test(cleaned) ? Number(cleaned) : null;
}

/** A calendar day that exists ("2024-02-30" does not), years 1900 to 2999. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Photos per listing, and the largest photo accepted. */
export const MAX_PHOTOS = 8;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
