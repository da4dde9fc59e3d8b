/**
 * The produce taxonomy. Top-level groups follow how Vietnamese markets sort
 * produce; the slugs are stable identifiers used in URLs and filters.
 */
export type CategorySeed = {
  slug: string;
  nameVi: string;
  nameEn: string;
  children?: CategorySeed[];
};

export const CATEGORY_TREE: CategorySeed[] = [
  {
    slug: "rau",
    nameVi: "Rau",
    nameEn: "Vegetables",
    children: [
      { slug: "rau-la", nameVi: "Rau ăn lá", nameEn: "Leafy greens" },
      { slug: "rau-qua", nameVi: "Rau ăn quả", nameEn: "Fruiting vegetables" },
      { slug: "rau-gia-vi", nameVi: "Rau gia vị", nameEn: "Herbs" },
      { slug: "nam", nameVi: "Nấm", nameEn: "Mushrooms" },
    ],
  },
  {
    slug: "cu",
    nameVi: "Củ",
    nameEn: "Roots and tubers",
    children: [
      { slug: "khoai", nameVi: "Khoai", nameEn: "Potatoes and yams" },
      { slug: "cu-khac", nameVi: "Củ khác", nameEn: "Other roots" },
    ],
  },
  {
    slug: "qua",
    nameVi: "Trái cây",
    nameEn: "Fruit",
    children: [
      { slug: "qua-nhiet-doi", nameVi: "Trái cây nhiệt đới", nameEn: "Tropical fruit" },
      { slug: "qua-co-mui", nameVi: "Cam, quýt, bưởi", nameEn: "Citrus" },
      { slug: "qua-dac-san", nameVi: "Trái cây đặc sản vùng", nameEn: "Regional fruit" },
    ],
  },
  {
    slug: "gao",
    nameVi: "Gạo và ngũ cốc",
    nameEn: "Rice and grains",
    children: [
      { slug: "gao-te", nameVi: "Gạo tẻ", nameEn: "Rice" },
      { slug: "gao-nep", nameVi: "Gạo nếp", nameEn: "Glutinous rice" },
      { slug: "ngu-coc", nameVi: "Ngô, đậu, hạt", nameEn: "Corn, beans and seeds" },
    ],
  },
  {
    slug: "thuy-san",
    nameVi: "Thủy sản",
    nameEn: "Fish and seafood",
    children: [
      { slug: "ca", nameVi: "Cá", nameEn: "Fish" },
      { slug: "tom-cua", nameVi: "Tôm, cua, ốc", nameEn: "Shrimp, crab and snails" },
      { slug: "hai-san-kho", nameVi: "Hải sản khô", nameEn: "Dried seafood" },
    ],
  },
  {
    slug: "thit",
    nameVi: "Thịt",
    nameEn: "Meat",
    children: [
      { slug: "thit-lon", nameVi: "Thịt lợn", nameEn: "Pork" },
      { slug: "thit-bo", nameVi: "Thịt bò", nameEn: "Beef" },
      { slug: "gia-cam", nameVi: "Gia cầm", nameEn: "Poultry" },
    ],
  },
  { slug: "trung", nameVi: "Trứng", nameEn: "Eggs" },
  {
    slug: "dac-san",
    nameVi: "Đặc sản và OCOP",
    nameEn: "Specialities and OCOP",
    children: [
      { slug: "che", nameVi: "Chè", nameEn: "Tea" },
      { slug: "ca-phe", nameVi: "Cà phê", nameEn: "Coffee" },
      { slug: "mat-ong", nameVi: "Mật ong", nameEn: "Honey" },
      { slug: "dac-san-che-bien", nameVi: "Đặc sản chế biến", nameEn: "Processed specialities" },
      { slug: "gia-vi", nameVi: "Gia vị", nameEn: "Spices" },
    ],
  },
];

/** The tree as rows, parents before children. */
export function categoryRows() {
  const rows: { slug: string; parentSlug: string | null; nameVi: string; nameEn: string; position: number }[] = [];
  CATEGORY_TREE.forEach((top, i) => {
    rows.push({ slug: top.slug, parentSlug: null, nameVi: top.nameVi, nameEn: top.nameEn, position: i });
    top.children?.forEach((child, j) => {
      rows.push({ slug: child.slug, parentSlug: top.slug, nameVi: child.nameVi, nameEn: child.nameEn, position: j });
    });
  });
  return rows;
}

/** Slugs a listing may take: the leaves of the tree (and top groups without children). */
export function leafCategorySlugs(): string[] {
  return CATEGORY_TREE.flatMap((top) => (top.children?.length ? top.children.map((c) => c.slug) : [top.slug]));
}
