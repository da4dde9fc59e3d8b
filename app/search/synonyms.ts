/**
 * Other names of the same produce, used by both search engines: the
 * PostgreSQL engine expands queries with them, the Meilisearch engine gets
 * them as its synonym settings. docs/decisions/017-search-words.md says how
 * the list was made and which words were left out on purpose.
 *
 * Sources (each pair was checked against at least one; none was copied in bulk):
 * - Hoàng Phê (chủ biên), *Từ điển tiếng Việt*, Viện Ngôn ngữ học,
 *   NXB Đà Nẵng – Trung tâm Từ điển học, the entries of each word, whose
 *   label "ph." (phương ngữ) marks a regional word and names its standard
 *   equivalent (e.g. "khổ qua: ph. mướp đắng", "thơm: ph. dứa").
 * - Vietnamese Wikipedia, "Phương ngữ tiếng Việt", section on the
 *   vocabulary of the northern, central and southern dialects.
 * - Vietnamese Wikipedia, the articles of the species, whose first sentence
 *   lists their other names: "Mướp đắng", "Lạc", "Dứa", "Ngô", "Sắn",
 *   "Vừng", "Na (thực vật)", "Mãng cầu xiêm", "Hồng xiêm", "Chanh dây",
 *   "Mộc nhĩ", "Nấm hương", "Mã thầy", "Cá quả".
 * - Vietnamese Wiktionary (vi.wiktionary.org), the entries of the southern
 *   words, marked "(Phương ngữ) Nam Bộ" or "(địa phương)".
 * Trade names (ST25, nếp cái hoa vàng, Dona/Monthong, arabica/robusta) are
 * the names used on the products and by the Ministry of Agriculture's
 * variety lists; they are grouped only with spellings of the same name.
 *
 * Rules the tests hold the list to (synonyms.test.ts):
 * - A group is a set of phrases that mean the same thing in every region,
 *   both ways. A phrase is in one group at most.
 * - A word with two meanings across regions (mận: plum in the north, wax
 *   apple in the south; củ sắn: cassava root or jicama; bánh đa; ruốc) is
 *   left out, or kept only inside unambiguous phrases ("mận an phước").
 * - A word brought in by a synonym must not find another food that merely
 *   contains it: NOT_INSIDE lists those phrases ("ngô" brings "bắp", but not
 *   bắp cải, đậu bắp or bắp chuối). Meilisearch cannot exclude phrases, so
 *   such a word is not sent to it as a synonym (see meiliSynonyms()).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // Grains, rice and its trade names
  ["ngô", "bắp"],
  ["ngô nếp", "bắp nếp"],
  ["ngô ngọt", "bắp ngọt", "bắp mỹ"],
  ["ngô non", "bắp non"],
  ["bột ngô", "bột bắp"],
  ["râu ngô", "râu bắp"],
  ["gạo lứt", "gạo lức"],
  ["nếp cẩm", "nếp than"],
  ["gạo lài", "gạo nhài", "gạo jasmine"],
  ["gạo tám thơm", "gạo tám"],
  ["nếp cái hoa vàng", "nếp cái", "nếp hoa vàng"],
  ["st25", "st 25", "gạo ông cua"],
  ["st24", "st 24"],
  ["bột mì", "bột mỳ"],
  ["mì", "mỳ"],
  ["miến", "bún tàu"],
  ["hủ tiếu", "hủ tíu"],
  ["bột gạo", "bột tẻ"],
  ["bánh tráng", "bánh đa nem"],
  // Roots and tubers
  ["sắn", "khoai mì"],
  ["khoai mỡ", "củ mỡ"],
  ["khoai từ", "củ từ"],
  ["mã thầy", "củ năng"],
  // Vegetables and gourds
  ["mướp đắng", "khổ qua"],
  ["dưa chuột", "dưa leo"],
  ["bí đỏ", "bí ngô", "bí rợ"],
  ["bí xanh", "bí đao"],
  ["bắp cải", "cải bắp"],
  ["súp lơ", "bông cải", "hoa lơ"],
  ["súp lơ xanh", "bông cải xanh", "broccoli"],
  ["súp lơ trắng", "bông cải trắng"],
  ["cải chíp", "cải thìa"],
  ["cải cúc", "tần ô"],
  ["cải xoong", "xà lách xoong"],
  ["cải xoăn", "kale"],
  ["rau diếp", "xà lách"],
  ["rau ngót", "bồ ngót"],
  ["mồng tơi", "mùng tơi"],
  ["rau cần", "cần nước"],
  ["cà tím", "cà dái dê"],
  ["đậu bắp", "mướp tây"],
  ["ớt chuông", "ớt ngọt"],
  ["tỏi tây", "boa rô"],
  ["hành lá", "hành hoa"],
  ["hoa chuối", "bắp chuối"],
  ["giá đỗ", "giá đậu"],
  ["rau dền", "rau giền"],
  ["bí ngòi", "bí ngồi"],
  ["cải làn", "cải rổ"],
  ["cà chua bi", "cà chua cherry"],
  ["ngò tây", "mùi tây"],
  // Beans: đỗ in the north, đậu in the south
  ["đỗ", "đậu"],
  ["đậu xanh", "đỗ xanh"],
  ["đậu đen", "đỗ đen"],
  ["đậu đỏ", "đỗ đỏ"],
  ["đậu trắng", "đỗ trắng"],
  ["đậu tương", "đậu nành", "đỗ tương"],
  ["đậu đũa", "đỗ đũa"],
  ["đậu cô ve", "đỗ cô ve", "đậu que"],
  ["đậu hà lan", "đỗ hà lan"],
  ["đậu ván", "đỗ ván"],
  ["đậu rồng", "đỗ rồng"],
  ["đậu phụ", "đậu hũ", "đậu khuôn"],
  ["lạc", "đậu phộng"],
  ["lạc nhân", "đậu phộng nhân"],
  ["dầu lạc", "dầu đậu phộng"],
  ["kẹo lạc", "kẹo đậu phộng"],
  // Sesame: "mè" alone folds to "me" (tamarind), so it is grouped in phrases only
  ["vừng đen", "mè đen"],
  ["vừng trắng", "mè trắng"],
  ["vừng vàng", "mè vàng"],
  ["hạt vừng", "hạt mè"],
  ["dầu vừng", "dầu mè"],
  ["muối vừng", "muối mè"],
  ["kẹo vừng", "kẹo mè"],
  // Herbs and spices
  ["rau mùi", "ngò rí", "mùi ta"],
  ["mùi tàu", "ngò gai"],
  ["rau ngổ", "ngò om", "rau om"],
  ["thì là", "thìa là"],
  ["tía tô", "tử tô"],
  ["húng quế", "rau quế", "húng chó"],
  ["diếp cá", "giấp cá"],
  ["riềng", "giềng"],
  ["hạt tiêu", "hồ tiêu", "tiêu hạt"],
  ["tiêu đen", "hạt tiêu đen"],
  ["hoa hồi", "đại hồi"],
  ["dấm", "giấm"],
  ["ớt hiểm", "ớt chỉ thiên"],
  ["dầu hào", "dầu hàu"],
  ["muối hột", "muối hạt"],
  ["đường thốt nốt", "đường thốt lốt"],
  ["mì chính", "bột ngọt"],
  ["xì dầu", "nước tương"],
  // Fruit
  ["quả", "trái"],
  ["hoa quả", "trái cây"],
  ["dứa", "thơm", "khóm"],
  ["quả dứa", "trái thơm", "trái khóm"],
  ["na", "mãng cầu", "mãng cầu ta"],
  ["na dai", "mãng cầu dai"],
  ["mãng cầu xiêm", "mãng cầu gai"],
  ["roi", "mận an phước", "mận hồng đào"],
  ["hồng xiêm", "sa pô chê", "xa pô chê", "sapoche"],
  ["chanh leo", "chanh dây"],
  ["quất", "tắc"],
  ["quýt", "quít"],
  ["chuối tiêu", "chuối già"],
  ["chuối tây", "chuối sứ", "chuối xiêm"],
  ["táo mèo", "sơn tra"],
  ["cùi dừa", "cơm dừa"],
  ["dưa hấu", "dưa đỏ"],
  ["dưa lưới", "dưa vân lưới"],
  ["chanh tây", "chanh vàng"],
  ["lựu", "thạch lựu"],
  ["sầu riêng dona", "sầu riêng monthong"],
  ["ri6", "ri 6"],
  // Mushrooms
  ["mộc nhĩ", "nấm mèo"],
  ["nấm hương", "nấm đông cô"],
  ["nấm sò", "nấm bào ngư"],
  // Coffee and tea
  ["cà phê", "cafe", "caphe", "coffee"],
  ["cà phê chè", "arabica"],
  ["cà phê vối", "robusta"],
  ["chè", "trà"],
  ["chè xanh", "trà xanh"],
  ["chè búp", "trà búp"],
  // Meat, poultry and eggs
  ["lợn", "heo"],
  ["ba chỉ", "ba rọi"],
  ["thịt băm", "thịt bằm"],
  ["chân giò", "giò heo"],
  ["móng giò", "móng heo"],
  ["giò lụa", "chả lụa"],
  ["nem rán", "chả giò"],
  ["lạp xưởng", "lạp xường", "lạp sườn"],
  ["ruốc thịt", "chà bông"],
  ["ruốc gà", "chà bông gà"],
  ["ruốc cá", "chà bông cá"],
  ["ngan", "vịt xiêm"],
  ["trứng gà", "hột gà"],
  ["trứng vịt", "hột vịt"],
  ["trứng cút", "hột cút", "trứng chim cút"],
  ["trứng vịt lộn", "hột vịt lộn"],
  ["trứng vịt muối", "hột vịt muối"],
  ["trứng bắc thảo", "hột vịt bắc thảo"],
  // Fish and seafood
  ["cá quả", "cá lóc", "cá chuối", "cá tràu"],
  ["cá điêu hồng", "cá diêu hồng", "cá rô phi đỏ"],
  ["cá basa", "cá ba sa"],
  ["cá giò", "cá bớp"],
  ["tôm thẻ chân trắng", "tôm thẻ", "tôm chân trắng"],
  ["bề bề", "tôm tít", "tôm tích"],
  ["ngao", "nghêu"],
  ["cá song", "cá mú"],
  ["bạch tuộc", "mực tuộc"],
  ["hàu", "hào"],
  ["ốc bươu", "ốc lác"],
  // Nuts, dairy, sweets, other groceries
  ["hạt điều", "hột điều", "đào lộn hột"],
  ["hạt sen", "hột sen"],
  ["hạt é", "hột é"],
  ["mắc ca", "macca", "macadamia"],
  ["váng đậu", "tàu hũ ky"],
  ["sữa chua", "da ua", "yaourt"],
  ["thạch đen", "sương sáo"],
];

/**
 * One-way names: typing the first also finds the others, not the reverse.
 * "thịt bò" brings "bò" (Bò một nắng is beef), but "bò" alone may be a cow
 * for sale. "mè" brings "vừng", which means only sesame; the reverse would
 * bring "me" (tamarind, to folded text). "mận" is left out altogether: a
 * northern buyer means plum, a southern one wax apple.
 */
export const ONE_WAY_SYNONYMS: readonly { from: string; to: readonly string[] }[] = [
  { from: "thịt bò", to: ["bò"] },
  { from: "mè", to: ["vừng"] },
  { from: "vừng", to: ["mè đen", "mè trắng", "mè vàng", "hạt mè"] },
];

/**
 * Phrases in which a word brought in by a synonym means something else: the
 * synonym does not count there. Folded text cannot tell "bắp" of corn from
 * "bắp" of cabbage; the phrase can. The word as the buyer typed it is
 * never restricted. Keys and phrases are written with diacritics and folded
 * by the engine, since documents are searched folded.
 */
export const NOT_INSIDE: Readonly<Record<string, readonly string[]>> = {
  // "ngô" → "bắp": not cabbage, okra, banana flower, beef shank.
  bắp: ["bắp cải", "cải bắp", "đậu bắp", "bắp chuối", "bắp bò", "bắp hoa"],
  // "bắp" → "ngô": not pumpkin; folded "ngo" is also coriander (ngò).
  ngô: ["bí ngô", "ngò rí", "ngò gai", "ngò om", "rau ngò"],
  // "khoai mì" → "sắn": not kudzu, and not "củ sắn", jicama in the south.
  sắn: ["sắn dây", "củ sắn"],
  // "mỳ" → "mì": not cassava.
  mì: ["khoai mì"],
  // "trái" → "quả": not bitter melon, snakehead fish.
  quả: ["khổ qua", "cá quả"],
  // "dứa" → "thơm": the adjective "fragrant" (see TITLE_ONLY too).
  thơm: ["rau thơm", "tám thơm", "gạo thơm", "nếp thơm", "lúa thơm", "nàng thơm"],
  // "na" → "mãng cầu": not soursop.
  "mãng cầu": ["mãng cầu xiêm", "mãng cầu gai"],
  // "đỗ" → "đậu": not okra, peanuts, tofu, jicama.
  đậu: ["đậu bắp", "đậu phộng", "đậu phụ", "đậu hũ", "củ đậu"],
  // "trà" → "chè": not arabica coffee.
  chè: ["cà phê chè"],
  // "quất" → "tắc": not the place Tắc Cậu (Khóm Tắc Cậu is pineapple).
  tắc: ["tắc cậu", "tắc kè"],
  // "rau diếp" → "xà lách": not watercress.
  "xà lách": ["xà lách xoong"],
  // "đậu phộng" → "lạc": not the places Lạc Dương, Lạc Thủy, Lạc Sơn.
  lạc: ["lạc dương", "lạc thủy", "lạc sơn", "yên lạc"],
};

/**
 * Phrases searched as typed, never expanded word by word: "củ sắn" is
 * jicama in the south and cassava root in the north, so it must not bring
 * "khoai mì" through "sắn".
 */
export const KEPT_AS_TYPED: readonly string[] = ["củ sắn"];

/**
 * Words that, brought in by a synonym, count only in a listing's title: as
 * an adjective "thơm" (fragrant) is in half the descriptions.
 */
export const TITLE_ONLY: readonly string[] = ["thơm"];
