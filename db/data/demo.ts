/**
 * Demo farms and accounts for the quick start: real places (2025 commune
 * codes), real produce. All demo accounts share the password DEMO_PASSWORD.
 */
import type { CertificationInput } from "../../app/validation/fields";

export const DEMO_PASSWORD = "nongsan123";

/** Where the demo consumer (and the tests' buyers) have orders delivered: Phường Ba Đình, Hà Nội. */
export const DEMO_DELIVERY_ADDRESS = { recipient: "Phạm Thu Hà", phone: "84912345678", provinceCode: "01", communeCode: "00004", street: "12 Phố Đội Cấn" };

export type DemoAccount = {
  identifier: string;
  displayName: string;
  role: "operator" | "moderator" | "business" | "consumer" | "analyst";
  /** An analyst's provinces (analyst_provinces). */
  provinces?: string[];
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { identifier: "admin@nongsanso.vn", displayName: "Ban vận hành Nông Sản Số", role: "operator" },
  // Works the farm verification queue (issue 13, decision 036).
  { identifier: "moderator@nongsanso.vn", displayName: "Kiểm duyệt viên Nông Sản Số", role: "moderator" },
  { identifier: "bep@truonghoc.vn", displayName: "Bếp ăn Trường Tiểu học Kim Liên", role: "business" },
  { identifier: "0912345678", displayName: "Phạm Thu Hà", role: "consumer" },
  // Issue 13: a provincial official of Hưng Yên (33), where the Vũ Thư team works: that province's figures only.
  { identifier: "thongke.hungyen@nongsanso.vn", displayName: "Sở Công Thương Hưng Yên", role: "analyst", provinces: ["33"] },
];

export type DemoFarm = {
  /** The farmer's phone, 10 digits. */
  phone: string;
  farmer: string;
  name: string;
  kind: "household" | "coop" | "enterprise";
  province: string;
  commune: string;
  /** A place word added to listing titles, e.g. "Đà Lạt". */
  place: string;
  story: string;
  point?: [number, number];
  certifications?: CertificationInput[];
  products: string[];
};

const vietgap = (number: string, issuer: string, expiresOn = "2027-12-31"): CertificationInput => ({
  type: "vietgap",
  number,
  issuer,
  expiresOn,
  stars: null,
});
const ocop = (stars: number, number: string, issuer: string): CertificationInput => ({
  type: "ocop",
  number,
  issuer,
  expiresOn: "2028-06-30",
  stars,
});
const organic = (number: string): CertificationInput => ({
  type: "organic",
  number,
  issuer: "Hiệp hội Nông nghiệp hữu cơ Việt Nam",
  expiresOn: "2027-09-30",
  stars: null,
});
const globalgap = (number: string): CertificationInput => ({
  type: "globalgap",
  number,
  issuer: "Control Union",
  expiresOn: "2027-03-31",
  stars: null,
});

export const DEMO_FARMS: DemoFarm[] = [
  { phone: "0987654321", farmer: "Nguyễn Thị Lan", name: "Vườn rau Bà Lan", kind: "household", province: "68", commune: "24778", place: "Đà Lạt", point: [11.9565, 108.4419],
    story: "Gia đình tôi trồng rau trên đồi Lâm Viên đã ba đời. Rau được tưới nước suối và bón phân hữu cơ ủ tại vườn.",
    certifications: [vietgap("VietGAP-TT-24-01-68-0112", "Trung tâm Chứng nhận Phù hợp Quacert")],
    products: ["ca-chua-bi", "xa-lach-thuy-canh", "cai-ngot", "bap-cai", "ca-rot", "cu-den", "hong-gion", "cai-xoong"] },
  { phone: "0977111201", farmer: "Trần Văn Hùng", name: "HTX Nông nghiệp Đơn Dương", kind: "coop", province: "68", commune: "24931", place: "Đơn Dương", point: [11.751, 108.548],
    story: "Hợp tác xã 120 hộ xã viên trồng rau ăn quả trong nhà màng, giao cho siêu thị và bếp ăn ở Thành phố Hồ Chí Minh.",
    certifications: [vietgap("VietGAP-TT-23-05-68-0045", "Sở Nông nghiệp và Môi trường Lâm Đồng"), globalgap("GGN 4063061234567")],
    products: ["ca-chua", "ot-chuong", "dua-leo", "bi-do", "khoai-tay", "cu-cai-trang", "hanh-la", "dua-luoi"] },
  { phone: "0977111202", farmer: "Lê Thị Mai", name: "Nông trại Cầu Đất Xanh", kind: "household", province: "68", commune: "24958", place: "Cầu Đất", point: [11.828, 108.35],
    story: "Chúng tôi trồng cà phê Arabica và chăm ong dưới tán cà phê ở độ cao 1.500 m.",
    certifications: [organic("HC-VN-2025-0311")],
    products: ["ca-phe-arabica", "mat-ong-ca-phe", "nam-dui-ga", "khoai-lang-nhat", "rau-thom", "gung", "nam-linh-chi"] },
  { phone: "0977111203", farmer: "K'Brăk", name: "Vườn cà phê K'Brăk", kind: "household", province: "68", commune: "25000", place: "Di Linh", point: [11.58, 108.07],
    story: "Vườn cà phê Robusta 3 ha của gia đình người K'Ho, chế biến ướt ngay tại vườn.",
    products: ["ca-phe-robusta", "tieu-den", "mit-thai", "sau-rieng-ri6", "chuoi-tieu", "bo-mot-nang", "mat-ong-ca-phe"] },
  { phone: "0977111204", farmer: "Y Khoa Niê", name: "HTX Cà phê Cư M'gar", kind: "coop", province: "66", commune: "24280", place: "Đắk Lắk", point: [12.84, 108.09],
    story: "Hợp tác xã cà phê bền vững, hạt được truy xuất đến từng lô vườn.",
    certifications: [vietgap("VietGAP-TT-22-11-66-0231", "Quacert"), ocop(4, "OCOP-DL-2024-017", "UBND tỉnh Đắk Lắk")],
    products: ["ca-phe-robusta", "ca-phe-arabica", "tieu-den", "sau-rieng-ri6", "bo-mot-nang", "mat-ong-ca-phe", "hat-dieu", "thit-bo-vang"] },
  { phone: "0977111205", farmer: "Hoàng Văn Sơn", name: "Trang trại Krông Pắc", kind: "household", province: "66", commune: "24490", place: "Krông Pắc", point: [12.71, 108.3],
    story: "Trang trại sầu riêng và bơ, thu hoạch đúng độ chín, không dùng thuốc kích chín.",
    products: ["sau-rieng-ri6", "mit-thai", "chuoi-tieu", "ga-doi", "thit-heo", "trung-ga-ta", "khoai-mi"] },
  { phone: "0977111206", farmer: "Nguyễn Văn Tâm", name: "Vườn xoài Cao Lãnh", kind: "household", province: "82", commune: "29869", place: "Cao Lãnh", point: [10.46, 105.63],
    story: "Vườn xoài cát Hòa Lộc ven sông Tiền, bao trái từ khi còn nhỏ.",
    certifications: [vietgap("VietGAP-TT-21-08-82-0077", "Trung tâm Kiểm nghiệm Đồng Tháp")],
    products: ["xoai-cat-hoa-loc", "oi", "chanh-khong-hat", "ca-loc", "ca-ro-dong", "bi-do", "dua-hau"] },
  { phone: "0977111207", farmer: "Phan Thị Hồng", name: "HTX Quýt hồng Lai Vung", kind: "coop", province: "82", commune: "30169", place: "Lai Vung", point: [10.25, 105.66],
    story: "Quýt hồng Lai Vung chín đỏ dịp Tết, giao cho khách khắp cả nước.",
    certifications: [ocop(4, "OCOP-DT-2023-102", "UBND tỉnh Đồng Tháp")],
    products: ["quyt-hong", "cam-sanh", "buoi-da-xanh", "xoai-cat-hoa-loc", "chom-chom", "ca-tra"] },
  { phone: "0977111208", farmer: "Lê Văn Bảy", name: "Làng hoa kiểng và rau Sa Đéc", kind: "household", province: "82", commune: "29905", place: "Sa Đéc", point: [10.29, 105.76],
    story: "Ngoài hoa kiểng, nhà tôi trồng rau màu và nuôi cá ao theo mùa nước nổi.",
    products: ["rau-muong", "muop-dang", "dau-bap", "ca-loc", "oc-buou", "trung-vit", "vit-co"] },
  { phone: "0977111209", farmer: "Đỗ Thị Sáu", name: "Ruộng lúa Tháp Mười", kind: "household", province: "82", commune: "30037", place: "Tháp Mười", point: [10.55, 105.81],
    story: "Lúa một vụ trên đất phèn Đồng Tháp Mười, phơi lúa bằng nắng tự nhiên.",
    products: ["gao-jasmine", "gao-lai-do", "nep-cam", "ca-ro-dong", "ca-loc", "khoai-mi", "kho-ca-loc"] },
  { phone: "0977111210", farmer: "Nguyễn Văn Chín", name: "Vườn trái cây Cái Bè", kind: "household", province: "82", commune: "28360", place: "Cái Bè", point: [10.34, 106.03],
    story: "Vườn trái cây miệt vườn bên sông Tiền, có nhận khách tham quan.",
    products: ["vu-sua", "sau-rieng-ri6", "buoi-da-xanh", "chom-chom", "xoai-cat-hoa-loc", "khom", "mit-thai"] },
  { phone: "0977111211", farmer: "Võ Thị Thu", name: "HTX Dừa Bến Tre", kind: "coop", province: "86", commune: "28789", place: "Bến Tre", point: [10.24, 106.37],
    story: "Hợp tác xã dừa hữu cơ, làm kẹo dừa theo cách truyền thống xứ dừa.",
    certifications: [organic("HC-VN-2024-0188"), ocop(3, "OCOP-BT-2022-044", "UBND tỉnh Bến Tre")],
    products: ["dua-xiem", "keo-dua", "buoi-da-xanh", "chom-chom", "khoai-mi", "banh-trang", "ca-tra"] },
  { phone: "0977111212", farmer: "Trương Văn Lợi", name: "Vườn bưởi Chợ Lách", kind: "household", province: "86", commune: "28870", place: "Chợ Lách", point: [10.25, 106.13],
    story: "Bưởi da xanh ghép trên gốc bưởi chua, bón phân chuồng hoai mục.",
    certifications: [vietgap("VietGAP-TT-23-02-86-0091", "Quacert")],
    products: ["buoi-da-xanh", "chom-chom", "sau-rieng-ri6", "mit-thai", "cam-sanh", "oi", "dua-xiem"] },
  { phone: "0977111213", farmer: "Thạch Thị Sa Rết", name: "Vườn dừa sáp Cầu Kè", kind: "household", province: "86", commune: "29308", place: "Cầu Kè", point: [9.87, 106.06],
    story: "Dừa sáp Cầu Kè được thụ phấn tự nhiên, mỗi buồng chỉ vài trái sáp.",
    products: ["dua-sap", "dua-xiem", "chuoi-tieu", "khoai-lang-nhat", "dau-phong", "trung-vit", "thom"] },
  { phone: "0977111214", farmer: "Nguyễn Hữu Phước", name: "Trang trại Mỏ Cày", kind: "household", province: "86", commune: "28903", place: "Mỏ Cày", point: [10.13, 106.33],
    story: "Nuôi heo thảo dược và trồng dừa xen ca cao.",
    products: ["thit-heo", "dua-xiem", "keo-dua", "ga-ta", "trung-ga-ta", "ca-dieu-hong", "rau-ngot"] },
  { phone: "0977111215", farmer: "Lâm Văn Tài", name: "HTX Lúa gạo Châu Đốc", kind: "coop", province: "91", commune: "30316", place: "Châu Đốc", point: [10.7, 105.12],
    story: "Cánh đồng lớn 500 ha, gạo xay xát ngay tại hợp tác xã.",
    certifications: [vietgap("VietGAP-TT-22-09-91-0210", "Sở Nông nghiệp và Môi trường An Giang")],
    products: ["gao-jasmine", "gao-st25", "nep-cai-hoa-vang", "ca-tra", "ca-loc", "nuoc-mam", "ot-kho"] },
  { phone: "0977111216", farmer: "Chau Sóc Khăn", name: "Vườn thốt nốt Tri Tôn", kind: "household", province: "91", commune: "30544", place: "Tri Tôn", point: [10.42, 104.99],
    story: "Đường thốt nốt và nông sản vùng Bảy Núi.",
    products: ["dau-phong", "me-den", "khoai-mi", "ot-kho", "bo-mot-nang", "ga-doi", "nep-cam"] },
  { phone: "0977111217", farmer: "Dương Văn Biển", name: "Cơ sở nước mắm Phú Quốc", kind: "enterprise", province: "91", commune: "31078", place: "Phú Quốc", point: [10.22, 103.96],
    story: "Nước mắm cá cơm ủ thùng gỗ bời lời hơn 12 tháng.",
    certifications: [ocop(5, "OCOP-QG-2023-009", "Bộ Nông nghiệp và Môi trường")],
    products: ["nuoc-mam", "muc-kho", "tom-kho", "tieu-den", "kho-ca-loc", "ca-dieu-hong"] },
  { phone: "0977111218", farmer: "Huỳnh Văn Thiện", name: "HTX Trái cây Phong Điền", kind: "coop", province: "92", commune: "31299", place: "Phong Điền", point: [10.0, 105.67],
    story: "Miệt vườn Phong Điền: dâu Hạ Châu, chôm chôm, sầu riêng, bán tận vườn.",
    products: ["chom-chom", "sau-rieng-ri6", "mit-thai", "vu-sua", "oi", "thom", "buoi-da-xanh", "chuoi-tieu"] },
  { phone: "0977111219", farmer: "Trần Minh Tiến", name: "Ruộng gạo ST25 Sóc Trăng", kind: "household", province: "92", commune: "31507", place: "Sóc Trăng", point: [9.6, 105.97],
    story: "Gạo ST25 trồng theo mô hình lúa – tôm, không phun thuốc trừ cỏ.",
    certifications: [vietgap("VietGAP-TT-24-03-94-0015", "Quacert"), ocop(4, "OCOP-ST-2024-021", "UBND tỉnh Sóc Trăng")],
    products: ["gao-st25", "gao-st25-tan", "gao-lai-do", "nep-cai-hoa-vang", "tom-the", "hanh-tim", "banh-trang"] },
  { phone: "0977111220", farmer: "Lý Thị Bích", name: "Vườn hành tím Vĩnh Châu", kind: "household", province: "92", commune: "31684", place: "Vĩnh Châu", point: [9.33, 105.98],
    story: "Hành tím trồng trên giồng cát ven biển, phơi khô bảo quản được lâu.",
    products: ["hanh-tim", "toi", "cu-cai-trang", "dua-hau", "khom", "ot-kho"] },
  { phone: "0977111221", farmer: "Nguyễn Văn Út", name: "HTX Tôm rừng Năm Căn", kind: "coop", province: "96", commune: "32191", place: "Năm Căn", point: [8.76, 104.98],
    story: "Tôm sú và cua nuôi quảng canh dưới tán rừng đước, chứng nhận tôm sinh thái.",
    certifications: [organic("Naturland-VN-2023-07")],
    products: ["tom-su", "cua-ca-mau", "tom-kho", "kho-ca-loc", "oc-buou", "mat-ong-bac-ha"] },
  { phone: "0977111222", farmer: "Tô Thị Nhung", name: "Đầm tôm Đầm Dơi", kind: "household", province: "96", commune: "32152", place: "Đầm Dơi", point: [8.99, 105.2],
    story: "Đầm tôm quảng canh cải tiến, thu hoạch theo con nước.",
    products: ["tom-su", "tom-the", "cua-ca-mau", "muc-kho", "ca-dieu-hong", "trung-vit"] },
  { phone: "0977111223", farmer: "Quách Văn Đức", name: "Muối và hải sản Bạc Liêu", kind: "household", province: "96", commune: "31825", place: "Bạc Liêu", point: [9.28, 105.72],
    story: "Hải sản khô phơi nắng gió biển Bạc Liêu.",
    products: ["tom-kho", "muc-kho", "kho-ca-loc", "nuoc-mam", "gao-st25", "hanh-tim"] },
  { phone: "0977111224", farmer: "Lò Văn Pình", name: "HTX Mận hậu Mộc Châu", kind: "coop", province: "14", commune: "03980", place: "Mộc Châu", point: [20.85, 104.64],
    story: "Mận hậu, chè và bò sữa trên cao nguyên Mộc Châu.",
    certifications: [vietgap("VietGAP-TT-23-06-14-0031", "Sở Nông nghiệp và Môi trường Sơn La")],
    products: ["man-hau", "che-shan-tuyet", "bap-cai", "ga-doi", "thit-lon-den", "mang-kho"] },
  { phone: "0977111225", farmer: "Sùng A Páo", name: "Vườn chè Shan tuyết Vân Hồ", kind: "household", province: "14", commune: "04048", place: "Vân Hồ", point: [20.78, 104.83],
    story: "Chè Shan tuyết từ những cây chè trăm tuổi, hái búp một tôm hai lá.",
    certifications: [organic("HC-VN-2025-0402")],
    products: ["che-shan-tuyet", "thit-lon-den", "mang-kho", "ngo-nep", "nep-cam", "mat-ong-bac-ha", "lon-cap-nach"] },
  { phone: "0977111226", farmer: "Giàng Thị Mỷ", name: "HTX Nông sản Bắc Hà", kind: "coop", province: "15", commune: "02839", place: "Bắc Hà", point: [22.54, 104.29],
    story: "Mận tam hoa, lợn cắp nách và thảo quả của bà con dân tộc Mông, Dao.",
    products: ["man-hau", "lon-cap-nach", "thit-lon-den", "ngo-nep", "que", "mang-kho", "gao-bat-huong"] },
  { phone: "0977111227", farmer: "Tẩn Láo Lở", name: "Vườn rau Sa Pa", kind: "household", province: "15", commune: "03006", place: "Sa Pa", point: [22.34, 103.84],
    story: "Rau cải mèo và su su trồng trên ruộng bậc thang Sa Pa.",
    products: ["cai-ngot", "cai-xoong", "khoai-so", "gung", "nam-linh-chi", "trung-ga-ta"] },
  { phone: "0977111228", farmer: "Hà Văn Quế", name: "Rừng quế Văn Yên", kind: "household", province: "15", commune: "04672", place: "Yên Bái", point: [21.7, 104.6],
    story: "Quế được bóc vỏ thủ công, phơi khô tự nhiên.",
    certifications: [ocop(3, "OCOP-YB-2023-055", "UBND tỉnh Yên Bái")],
    products: ["que", "hoi", "mang-kho", "che-shan-tuyet", "gao-bat-huong", "vit-co"] },
  { phone: "0977111229", farmer: "Đào Thị Thanh", name: "HTX Chè Tân Cương", kind: "coop", province: "19", commune: "05503", place: "Thái Nguyên", point: [21.58, 105.76],
    story: "Chè Tân Cương sao sấy thủ công trong chảo gang, đạt OCOP 5 sao.",
    certifications: [ocop(5, "OCOP-QG-2022-031", "Bộ Nông nghiệp và Môi trường"), vietgap("VietGAP-TT-22-04-19-0008", "Quacert")],
    products: ["che-tan-cuong", "gao-bat-huong", "ga-doi", "trung-ga-ta", "mat-ong-bac-ha", "lac"] },
  { phone: "0977111230", farmer: "Phạm Văn Lực", name: "Vườn chè Đại Từ", kind: "household", province: "19", commune: "05830", place: "Đại Từ", point: [21.63, 105.63],
    story: "Chè búp Đại Từ và gà đồi nuôi dưới tán keo.",
    products: ["che-tan-cuong", "ga-doi", "lac", "khoai-lang-nhat", "vung-den", "ngo-nep"] },
  { phone: "0977111231", farmer: "Bùi Thị Nhãn", name: "Vườn nhãn lồng Phố Hiến", kind: "household", province: "33", commune: "11953", place: "Hưng Yên", point: [20.65, 106.05],
    story: "Nhãn lồng tiến vua trên đất Phố Hiến, cây nhãn tổ hơn trăm năm.",
    certifications: [vietgap("VietGAP-TT-23-07-33-0023", "Sở Nông nghiệp và Môi trường Hưng Yên")],
    products: ["nhan-long", "vai-thieu", "chuoi-tieu", "gao-tam-thom", "nep-cai-hoa-vang", "trung-vit"] },
  { phone: "0977111232", farmer: "Vũ Văn Khoái", name: "HTX Rau Khoái Châu", kind: "coop", province: "33", commune: "12205", place: "Khoái Châu", point: [20.83, 105.98],
    story: "Rau an toàn và ngô nếp bãi bồi sông Hồng.",
    products: ["ngo-nep", "dua-chuot", "muop-dang", "bi-do", "rau-muong", "hanh-la", "khoai-tay", "rau-ngot"] },
  { phone: "0977111233", farmer: "Thân Văn Vải", name: "Vườn vải thiều Lục Ngạn", kind: "household", province: "24", commune: "07582", place: "Lục Ngạn", point: [21.38, 106.65],
    story: "Vải thiều Lục Ngạn đạt chuẩn xuất khẩu đi Nhật Bản.",
    certifications: [globalgap("GGN 4063061789012")],
    products: ["vai-thieu", "cam-vinh", "na-dai", "mat-ong-bac-ha", "ga-doi", "vit-co"] },
  { phone: "0977111234", farmer: "Ngô Thị Thế", name: "Gà đồi Yên Thế", kind: "household", province: "24", commune: "07288", place: "Yên Thế", point: [21.53, 106.12],
    story: "Gà đồi Yên Thế thả rông trên đồi vải, ăn ngô và thóc.",
    certifications: [ocop(4, "OCOP-BG-2023-012", "UBND tỉnh Bắc Giang")],
    products: ["ga-doi", "ga-ta", "trung-ga-ta", "vai-thieu", "ngo-nep", "gao-tam-thom"] },
  { phone: "0977111235", farmer: "Nguyễn Đình Vinh", name: "HTX Cam Xã Đoài", kind: "coop", province: "40", commune: "17827", place: "Nghi Lộc", point: [18.83, 105.62],
    story: "Cam Xã Đoài đặc sản xứ Nghệ, vỏ mỏng, thơm đặc trưng.",
    certifications: [ocop(4, "OCOP-NA-2022-066", "UBND tỉnh Nghệ An")],
    products: ["cam-vinh", "lac", "vung-den", "gao-tam-thom", "nuoc-mam", "thit-bo-vang", "gung"] },
  { phone: "0977111236", farmer: "Lê Thị Cam", name: "Vườn cam Vinh", kind: "household", province: "40", commune: "16681", place: "Nghệ An", point: [18.68, 105.68],
    story: "Cam Vinh trồng trên đất đồi, bón phân hữu cơ vi sinh.",
    products: ["cam-vinh", "buoi-dien", "lac", "dau-xanh", "khoai-lang-nhat", "ot-kho"] },
  { phone: "0977111237", farmer: "Trần Văn Biển", name: "HTX Nông sản Cam Lâm", kind: "coop", province: "56", commune: "22453", place: "Khánh Hòa", point: [12.07, 109.11],
    story: "Xoài Úc, sầu riêng và bò cỏ vùng Cam Lâm.",
    products: ["xoai-cat-hoa-loc", "sau-rieng-ri6", "thanh-long", "thit-bo-vang", "muc-kho", "nuoc-mam", "toi"] },
  { phone: "0977111238", farmer: "Phan Văn Long", name: "Trang trại thanh long Ninh Hải", kind: "household", province: "56", commune: "22852", place: "Ninh Thuận", point: [11.65, 109.05],
    story: "Thanh long và nho trên vùng nắng gió Ninh Thuận.",
    certifications: [vietgap("VietGAP-TT-23-10-58-0066", "Quacert")],
    products: ["thanh-long", "toi", "dua-hau", "hanh-tim", "tom-the", "ot-kho"] },
  { phone: "0977111239", farmer: "Rơ Châm H'Bé", name: "Vườn tiêu Chư Sê", kind: "household", province: "52", commune: "23941", place: "Gia Lai", point: [13.7, 108.08],
    story: "Hồ tiêu Chư Sê trồng trên đất đỏ bazan, phơi trên sàn sạch.",
    products: ["tieu-den", "ca-phe-robusta", "mat-ong-ca-phe", "bo-mot-nang", "chuoi-tieu", "khoai-mi"] },
  { phone: "0977111240", farmer: "Đặng Văn Hà", name: "Rau sạch Đông Anh", kind: "household", province: "01", commune: "00454", place: "Đông Anh", point: [21.14, 105.85],
    story: "Rau an toàn ven đô Hà Nội, giao trong ngày cho các bếp ăn trường học.",
    certifications: [vietgap("VietGAP-TT-24-02-01-0301", "Trung tâm Chứng nhận Phù hợp Quacert")],
    products: ["rau-muong", "cai-ngot", "dua-chuot", "rau-ngot", "muop-dang", "hanh-la", "rau-thom", "ca-chua"] },
  { phone: "0977111241", farmer: "Nguyễn Thị Hương", name: "HTX Bưởi Diễn Ba Vì", kind: "coop", province: "01", commune: "09700", place: "Ba Vì", point: [21.2, 105.42],
    story: "Bưởi Diễn và gà đồi dưới chân núi Ba Vì.",
    products: ["buoi-dien", "ga-doi", "trung-ga-ta", "che-tan-cuong", "khoai-lang-nhat", "nep-cai-hoa-vang"] },
  { phone: "0977111242", farmer: "Phạm Văn Thanh", name: "Vườn vải Thanh Hà", kind: "household", province: "31", commune: "10813", place: "Thanh Hà", point: [20.9, 106.42],
    story: "Vải thiều Thanh Hà chín sớm, vỏ đỏ tươi.",
    products: ["vai-thieu", "nhan-long", "gao-tam-thom", "ca-ro-dong", "vit-co", "trung-vit"] },
  { phone: "0977111243", farmer: "Mai Văn Xuân", name: "HTX Lúa gạo Thọ Xuân", kind: "coop", province: "38", commune: "15499", place: "Thanh Hóa", point: [19.93, 105.45],
    story: "Gạo nếp cái hoa vàng và mía đường xứ Thanh.",
    products: ["nep-cai-hoa-vang", "gao-tam-thom", "gao-bat-huong", "lac", "dau-xanh", "thit-lon-den", "ngo-nep"] },
  { phone: "0977111244", farmer: "Lê Văn Điều", name: "Vườn điều Bình Phước", kind: "household", province: "75", commune: "25195", place: "Bình Phước", point: [11.53, 106.88],
    story: "Điều trồng xen ca cao, chế biến hạt điều rang muối tại xưởng gia đình.",
    certifications: [ocop(4, "OCOP-BP-2023-088", "UBND tỉnh Bình Phước")],
    products: ["hat-dieu", "tieu-den", "sau-rieng-ri6", "chom-chom", "dau-phong", "khoai-mi"] },
  { phone: "0977111245", farmer: "Trịnh Thị Chôm", name: "Vườn chôm chôm Long Khánh", kind: "household", province: "75", commune: "26080", place: "Long Khánh", point: [10.93, 107.24],
    story: "Chôm chôm Thái và sầu riêng vùng đất đỏ Long Khánh.",
    products: ["chom-chom", "sau-rieng-ri6", "mit-thai", "bi-do", "kho-qua", "thit-heo", "ga-ta"] },
  { phone: "0977111246", farmer: "Huỳnh Thị Bánh", name: "Cơ sở bánh tráng Trảng Bàng", kind: "enterprise", province: "80", commune: "27937", place: "Tây Ninh", point: [11.03, 106.36],
    story: "Bánh tráng phơi sương làm thủ công, ăn cùng thịt heo luộc và rau rừng.",
    certifications: [ocop(4, "OCOP-TN-2023-019", "UBND tỉnh Tây Ninh")],
    products: ["banh-trang", "dau-phong", "me-den", "khoai-mi", "san", "thit-heo", "nghe"] },
  { phone: "0977111247", farmer: "Ông Văn Thơm", name: "Vườn thơm Long An", kind: "household", province: "80", commune: "27694", place: "Long An", point: [10.54, 106.41],
    story: "Khóm và thanh long ruột đỏ trên đất phèn Long An.",
    products: ["thom", "khom", "thanh-long", "dua-gai", "chanh-khong-hat", "bap-nep"] },
  { phone: "0977111248", farmer: "Lạc Văn Hồi", name: "HTX Hồi Quế Lạng Sơn", kind: "coop", province: "20", commune: "06325", place: "Lạng Sơn", point: [21.9, 106.32],
    story: "Hoa hồi tám cánh và na dai Chi Lăng của xứ Lạng.",
    products: ["hoi", "que", "na-dai", "mang-kho", "thit-lon-den", "vit-co", "nghe"] },
  { phone: "0977111249", farmer: "Trần Thị Biển", name: "Hải sản Vân Đồn", kind: "household", province: "22", commune: "06994", place: "Vân Đồn", point: [21.07, 107.42],
    story: "Hải sản đánh bắt ven bờ và sá sùng khô Vân Đồn.",
    products: ["muc-kho", "tom-kho", "nuoc-mam", "ca-dieu-hong", "ga-ta", "mat-ong-bac-ha"] },
];
