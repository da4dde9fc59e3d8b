/**
 * The category a listing's title most likely belongs to ("Cà chua bi Đà Lạt"
 * → Rau ăn quả), so that a farmer need not know the taxonomy's words.
 *
 * Invariants:
 * - The answer is a leaf category (one a listing may take) or null: a
 *   suggestion, never a decision; the farmer still chooses and the form says
 *   "hãy kiểm tra".
 * - Phrases come from three places: the product words below, the demo
 *   products' titles (db/data/demo-products.ts) and the leaf categories'
 *   own names; a phrase's regional names (app/search/synonyms.ts) belong to
 *   its category too. A phrase claimed by two categories is dropped.
 * - The head noun comes first in a Vietnamese product name ("Trứng gà ta" is
 *   eggs, "Khô cá lóc" dried fish): the phrase starting earliest in the title
 *   wins, the longest at that place. Diacritics are matched first ("cá" is
 *   not "cà"); a title typed without any is matched folded, leaving out
 *   folded single words under four letters ("san": sắn or sản?).
 */
import { CATEGORY_TREE, categoryRows, leafCategorySlugs } from "../../db/data/categories";
import { PRODUCTS } from "../../db/data/demo-products";
import { foldVietnamese } from "~/search/fold";
import { SYNONYM_GROUPS } from "~/search/synonyms";
import type { Locale } from "~/utils/i18n";

/** Product words per leaf category: the common names, north and south, of what farms sell. */
const PRODUCT_WORDS: Record<string, readonly string[]> = {
  "rau-la": ["rau", "rau muống", "rau cải", "cải", "cải ngọt", "cải bẹ", "cải xanh", "cải thảo", "bắp cải", "xà lách", "rau ngót", "mồng tơi", "rau dền", "rau lang", "rau má", "súp lơ", "cải chíp", "cải xoong", "cải xoăn", "rau cần", "rau bina", "giá đỗ"],
  "rau-qua": ["cà chua", "cà chua bi", "cà tím", "dưa chuột", "mướp đắng", "mướp", "bí đỏ", "bí xanh", "bí ngòi", "bầu", "su su", "ớt chuông", "đậu bắp", "đậu cô ve", "đậu đũa", "đậu hà lan", "ngô ngọt", "ngô non"],
  "rau-gia-vi": ["hành lá", "rau thơm", "rau mùi", "mùi tàu", "rau răm", "húng quế", "tía tô", "kinh giới", "thì là", "diếp cá", "sả", "gừng", "riềng", "nghệ", "lá lốt", "ớt", "ớt hiểm"],
  nam: ["nấm", "mộc nhĩ"],
  khoai: ["khoai", "khoai lang", "khoai tây", "khoai sọ", "khoai môn", "khoai mỡ", "khoai từ", "sắn"],
  "cu-khac": ["củ", "cà rốt", "củ cải", "củ dền", "hành tây", "hành tím", "tỏi", "củ đậu", "mã thầy", "củ sen", "su hào"],
  "qua-nhiet-doi": ["xoài", "sầu riêng", "thanh long", "dừa", "dưa hấu", "dưa lưới", "dứa", "chuối", "mít", "ổi", "đu đủ", "chanh leo", "me", "khế", "na", "mãng cầu", "bơ", "măng cụt", "hồng xiêm", "roi", "sapoche"],
  "qua-co-mui": ["cam", "quýt", "bưởi", "chanh", "quất"],
  "qua-dac-san": ["nhãn", "vải", "vải thiều", "chôm chôm", "vú sữa", "hồng", "mận", "mơ", "đào", "lê", "táo mèo", "dâu tây", "nho", "măng cụt lái thiêu"],
  "gao-te": ["gạo", "gạo tẻ", "gạo lứt", "gạo tám", "gạo lài", "st25", "st24", "lúa"],
  "gao-nep": ["gạo nếp", "nếp", "nếp cẩm", "nếp cái hoa vàng", "nếp cái"],
  "ngu-coc": ["ngô", "ngô nếp", "đậu", "đậu xanh", "đậu đen", "đậu đỏ", "đậu tương", "lạc", "vừng", "vừng đen", "vừng trắng", "mè đen", "mè trắng", "hạt điều", "hạt", "hạt sen"],
  ca: ["cá", "cá tra", "cá basa", "cá rô", "cá lóc", "cá chép", "cá trắm", "cá điêu hồng", "cá rô phi", "cá thu", "cá ngừ", "lươn"],
  "tom-cua": ["tôm", "tôm sú", "tôm thẻ", "tôm càng xanh", "cua", "ghẹ", "ốc", "ngao", "nghêu", "sò", "hàu", "mực"],
  "hai-san-kho": ["tôm khô", "mực khô", "khô cá", "cá khô", "khô mực", "tép khô", "ruốc khô", "mực một nắng", "cá một nắng"],
  "thit-lon": ["thịt lợn", "lợn", "thịt heo", "ba chỉ", "nạc vai", "sườn", "chân giò", "lợn cắp nách", "lợn mán"],
  "thit-bo": ["thịt bò", "bò", "thịt trâu", "trâu", "bò một nắng", "bê"],
  "gia-cam": ["gà", "gà ta", "gà đồi", "gà ri", "vịt", "vịt cỏ", "ngan", "ngỗng", "chim bồ câu", "chim cút"],
  trung: ["trứng", "trứng gà", "trứng vịt", "trứng cút", "trứng vịt lộn", "hột vịt"],
  che: ["chè", "chè xanh", "chè búp", "chè shan tuyết", "trà", "trà xanh", "chè tân cương"],
  "ca-phe": ["cà phê", "cà phê nhân", "cà phê rang xay", "arabica", "robusta"],
  "mat-ong": ["mật ong", "mật ong rừng", "sáp ong", "phấn hoa"],
  "dac-san-che-bien": ["mứt", "ô mai", "bánh", "giò", "giò lụa", "chả", "nem", "lạp xưởng", "nước mắm", "tương", "mắm", "mật mía", "đường thốt nốt", "miến", "bún", "phở khô", "bánh tráng", "bánh đa"],
  "gia-vi": ["tiêu", "hồ tiêu", "hạt tiêu", "quế", "hồi", "hoa hồi", "thảo quả", "muối", "muối tôm", "bột ớt", "bột nghệ"],
};

type Index = { exact: Map<string, string>; folded: Map<string, string>; longest: number };

let index: Index | undefined;

function words(text: string): string[] {
  return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function buildIndex(): Index {
  const leaves = new Set(leafCategorySlugs());
  const claims = new Map<string, Set<string>>();
  const claim = (phrase: string, slug: string) => {
    const key = words(phrase).join(" ");
    if (!key || !leaves.has(slug)) return;
    claims.set(key, (claims.get(key) ?? new Set()).add(slug));
  };
  for (const [slug, phrases] of Object.entries(PRODUCT_WORDS)) for (const p of phrases) claim(p, slug);
  for (const product of Object.values(PRODUCTS)) claim(product.title, product.category);
  for (const top of CATEGORY_TREE) {
    for (const leaf of top.children ?? [top]) for (const name of leaf.nameVi.split(",")) claim(name, leaf.slug);
  }
  // Regional names take their group's category, unless they already have one of their own.
  for (const group of SYNONYM_GROUPS) {
    const slugs = new Set(group.flatMap((p) => [...(claims.get(words(p).join(" ")) ?? [])]));
    if (slugs.size !== 1) continue;
    const [slug] = slugs;
    for (const p of group) if (!claims.has(words(p).join(" "))) claim(p, slug);
  }
  const exact = new Map<string, string>();
  const foldedClaims = new Map<string, Set<string>>();
  for (const [phrase, slugs] of claims) {
    if (slugs.size !== 1) continue;
    const [slug] = slugs;
    exact.set(phrase, slug);
    const folded = foldVietnamese(phrase);
    foldedClaims.set(folded, (foldedClaims.get(folded) ?? new Set()).add(slug));
  }
  // Folded, short single words say too little ("san" is sắn or sản, "ca" cá or cà).
  const folded = new Map(
    [...foldedClaims].filter(([p, s]) => s.size === 1 && (p.includes(" ") || p.length >= 4)).map(([p, s]) => [p, [...s][0]]),
  );
  const longest = Math.max(...[...exact.keys()].map((p) => p.split(" ").length));
  return { exact, folded, longest };
}

function firstMatch(titleWords: string[], phrases: Map<string, string>, longest: number): string | null {
  for (let start = 0; start < titleWords.length; start++) {
    for (let length = Math.min(longest, titleWords.length - start); length > 0; length--) {
      const slug = phrases.get(titleWords.slice(start, start + length).join(" "));
      if (slug) return slug;
    }
  }
  return null;
}

/** The leaf category a title suggests, or null when no product word is in it. */
export function suggestCategory(title: string): string | null {
  index ??= buildIndex();
  const titleWords = words(title).slice(0, 30);
  const exact = firstMatch(titleWords, index.exact, index.longest);
  // Folded only when typed without diacritics at all: "Sản phẩm" is not "sắn".
  const plain = titleWords.every((w) => foldVietnamese(w) === w);
  return exact ?? (plain ? firstMatch(titleWords, index.folded, index.longest) : null);
}

/** The suggestion with its name in the page's language, as the form shows it. */
export function suggestCategoryNamed(title: string, locale: Locale): { slug: string; name: string } | null {
  const slug = suggestCategory(title);
  const row = slug ? categoryRows().find((r) => r.slug === slug) : undefined;
  return row ? { slug: row.slug, name: locale === "en" ? row.nameEn : row.nameVi } : null;
}
