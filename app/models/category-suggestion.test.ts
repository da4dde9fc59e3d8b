import { describe, expect, it } from "vitest";
import { leafCategorySlugs } from "../../db/data/categories";
import { PRODUCTS } from "../../db/data/demo-products";
import { suggestCategory } from "./category-suggestion";

const TITLES: [string, string | null][] = [
  ["Cà chua bi", "rau-qua"],
  ["cà chua bi Đà Lạt", "rau-qua"],
  ["CÀ CHUA BI ĐÀ LẠT", "rau-qua"],
  ["ca chua bi", "rau-qua"], // typed without diacritics
  ["Cà chua cherry", "rau-qua"], // a synonym of cà chua bi
  ["Dưa leo", "rau-qua"],
  ["Khổ qua rừng", "rau-qua"],
  ["Đậu bắp xanh", "rau-qua"], // not "đậu" (grains)
  ["Bắp cải trái tim", "rau-la"], // not "bắp" (corn)
  ["Bắp nếp", "ngu-coc"],
  ["Rau muống", "rau-la"],
  ["Rau thơm các loại", "rau-gia-vi"],
  ["Nấm rơm", "nam"],
  ["Khoai lang Nhật", "khoai"],
  ["Khoai mì", "khoai"],
  ["Cà rốt Đà Lạt", "cu-khac"],
  ["Xoài cát Chu", "qua-nhiet-doi"],
  ["Thơm Cầu Đúc", "qua-nhiet-doi"],
  ["Bưởi năm roi", "qua-co-mui"],
  ["Cam sành Hàm Yên", "qua-co-mui"],
  ["Vải thiều Thanh Hà", "qua-dac-san"],
  ["Gạo ST25", "gao-te"],
  ["Gạo nếp cái hoa vàng", "gao-nep"], // not "gạo" alone
  ["Đậu phộng", "ngu-coc"],
  ["Mè đen", "ngu-coc"],
  ["Cá lóc đồng", "ca"],
  ["Khô cá lóc", "hai-san-kho"], // dried, not fresh fish
  ["Tôm khô Cà Mau", "hai-san-kho"],
  ["Tôm sú", "tom-cua"],
  ["Thịt heo sạch", "thit-lon"],
  ["Bò một nắng", "thit-bo"],
  ["Gà ta thả vườn", "gia-cam"],
  ["Trứng gà ta", "trung"], // eggs, though "gà ta" is poultry
  ["Trà xanh Thái Nguyên", "che"],
  ["Cà phê Robusta", "ca-phe"],
  ["cafe nhân xanh", "ca-phe"],
  ["Mật ong rừng U Minh", "mat-ong"],
  ["Hạt tiêu Phú Quốc", "gia-vi"],
  ["Bán cà chua giá sỉ", "rau-qua"],
  ["Hàng mới về", null],
  ["Sản phẩm", null], // not sắn
  ["san pham", null],
  ["xoai cat hoa loc", "qua-nhiet-doi"],
  ["chuoi tieu", "qua-nhiet-doi"],
  ["trung ga", "trung"],
  ["", null],
  ["1234", null],
  ["<script>", null],
];

describe("suggestCategory", () => {
  it.each(TITLES)("%j → %s", (title, slug) => {
    expect(suggestCategory(title)).toBe(slug);
  });

  it("suggests the demo products' own categories and only leaf categories", () => {
    const leaves = new Set(leafCategorySlugs());
    const wrong = Object.values(PRODUCTS).filter((p) => suggestCategory(p.title) !== p.category);
    expect(wrong.map((p) => `${p.title} → ${suggestCategory(p.title)}, not ${p.category}`)).toEqual([]);
    for (const [title] of TITLES) {
      const slug = suggestCategory(title);
      if (slug) expect(leaves.has(slug), title).toBe(true);
    }
  });
});
