/**
 * Regional words for the same produce, used by both search engines: the
 * PostgreSQL engine expands queries with them, the Meilisearch engine gets
 * them as its synonym settings. Each group is a set of equivalent phrases;
 * a phrase may have several words. Keep groups to true equivalents: a word
 * with another common meaning (e.g. "thơm" also means "fragrant") is kept only
 * where a buyer typing it means the produce more often than not.
 */
export const SYNONYM_GROUPS: string[][] = [
  ["lợn", "heo"],
  ["ngô", "bắp"],
  ["dứa", "thơm", "khóm"],
  ["lạc", "đậu phộng"],
  ["quả", "trái"],
  ["hoa quả", "trái cây"],
  ["vừng", "mè"],
  ["dưa chuột", "dưa leo"],
  ["mướp đắng", "khổ qua"],
  ["sắn", "khoai mì"],
  ["bí đỏ", "bí ngô"],
  ["bắp cải", "cải bắp"],
  ["trứng gà", "hột gà"],
  ["trứng vịt", "hột vịt"],
  ["chè", "trà"],
  ["cá quả", "cá lóc"],
  ["rau mùi", "ngò rí"],
  ["mì", "mỳ"],
  ["na", "mãng cầu"],
  ["roi", "mận"],
  ["mật ong", "mật"],
  ["thịt bò", "bò"],
];
