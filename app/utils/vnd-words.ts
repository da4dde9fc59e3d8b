/**
 * An amount of đồng in Vietnamese words, as invoices write it ("Bằng chữ:
 * Một triệu hai trăm nghìn đồng"). Decision 043 lists the rules:
 * - groups of three digits named nghìn, triệu; the tỷ are counted in words
 *   of their own ("hai nghìn năm trăm tỷ"), as accountants write them;
 * - a group after a bigger one reads its hundreds even when zero ("một nghìn
 *   không trăm linh năm"), and a lone unit after a zero ten is "linh";
 * - 1 after a ten of 2–9 is "mốt" (hai mươi mốt), 5 after any ten is "lăm"
 *   (mười lăm, hai mươi lăm), 10 is "mười", 4 stays "bốn" (the northern
 *   written form, the one tax papers use);
 * - groups that are entirely zero are skipped ("một triệu đồng", "một tỷ đồng").
 * Whole đồng only; the first letter is upper case.
 */

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;
const GROUP_NAMES = ["", "nghìn", "triệu"] as const;

/** A group of three digits (0–999); `full`: a bigger group comes before it, so its hundreds are read even when zero. */
function groupWords(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const words: string[] = [];
  if (full || hundreds > 0) words.push(DIGITS[hundreds], "trăm");
  if (tens === 0) {
    if (units > 0 && (full || hundreds > 0)) words.push("linh", DIGITS[units]);
    else if (units > 0) words.push(DIGITS[units]);
    return words;
  }
  if (tens === 1) words.push("mười");
  else words.push(DIGITS[tens], "mươi");
  if (units === 1) words.push(tens === 1 ? "một" : "mốt");
  else if (units === 5) words.push("lăm");
  else if (units > 0) words.push(DIGITS[units]);
  return words;
}

/** Below a tỷ: groups of units, nghìn, triệu; `full`: something bigger was read before it. */
function belowBillion(value: number, full: boolean): string[] {
  const groups = [value % 1000, Math.floor(value / 1000) % 1000, Math.floor(value / 1_000_000)];
  const words: string[] = [];
  for (let i = 2; i >= 0; i--) {
    // A group that is entirely zero is skipped.
    if (groups[i] === 0) continue;
    words.push(...groupWords(groups[i], full || words.length > 0));
    if (GROUP_NAMES[i]) words.push(GROUP_NAMES[i]);
  }
  return words;
}

function wordsOf(value: number, full: boolean): string[] {
  if (value < 1_000_000_000) return belowBillion(value, full);
  // Above a tỷ, the tỷ are counted in words of their own ("hai nghìn năm trăm tỷ").
  const low = value % 1_000_000_000;
  return [...wordsOf(Math.floor(value / 1_000_000_000), full), "tỷ", ...(low > 0 ? belowBillion(low, true) : [])];
}

/** The words of a whole non-negative number, without the currency. */
export function numberInVietnameseWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a whole amount: ${value}`);
  if (value === 0) return "không";
  return wordsOf(value, false).join(" ");
}

/** "Một triệu hai trăm nghìn đồng": for "Số tiền viết bằng chữ". */
export function vndInWords(amountVnd: number): string {
  const words = `${numberInVietnameseWords(amountVnd)} đồng`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
