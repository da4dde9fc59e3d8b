/**
 * The demo's community digital-technology team (issue 11): Xã Vũ Thư, Hưng
 * Yên — a commune of the former Thái Bình province, in Hưng Yên since the
 * 2025 merger (code 13192 in the 2025 list) — with two helpers and twelve
 * households they onboarded with the households' consent.
 */
export const DEMO_TEAM = {
  name: "Tổ công nghệ số cộng đồng xã Vũ Thư",
  province: "33",
  commune: "13192",
};

export type DemoHelper = { phone: string; displayName: string };

export const DEMO_HELPERS: DemoHelper[] = [
  { phone: "0966200301", displayName: "Đoàn Thị Hương (tổ CNS Vũ Thư)" },
  { phone: "0966200302", displayName: "Trần Văn Tuấn (tổ CNS Vũ Thư)" },
];

export type DemoHousehold = {
  phone: string;
  farmer: string;
  farm: string;
  village: string;
  story: string;
  products: string[];
  /** Which helper onboarded the household (index in DEMO_HELPERS). */
  helper: 0 | 1;
  consent: "code" | "paper";
  scopes: ("listings" | "orders")[];
  /** Has the household claimed its own login? */
  claimed: boolean;
};

export const DEMO_HOUSEHOLDS: DemoHousehold[] = [
  { phone: "0388300401", farmer: "Nguyễn Văn Bình", farm: "Hộ ông Nguyễn Văn Bình", village: "Thôn Hợp Thành", story: "Ruộng lúa tám thơm hai vụ, cấy theo lịch của hợp tác xã.", products: ["gao-tam-thom", "nep-cai-hoa-vang"], helper: 0, consent: "code", scopes: ["listings", "orders"], claimed: true },
  { phone: "0388300402", farmer: "Phạm Thị Lụa", farm: "Hộ bà Phạm Thị Lụa", village: "Thôn Hợp Thành", story: "Vườn rau sau nhà và đàn gà thả vườn.", products: ["rau-muong", "trung-ga-ta"], helper: 0, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300403", farmer: "Trần Văn Hậu", farm: "Hộ ông Trần Văn Hậu", village: "Thôn Vũ Hội", story: "Ao cá rô đồng nuôi bằng cám gạo, không dùng thức ăn công nghiệp.", products: ["ca-ro-dong"], helper: 0, consent: "paper", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300404", farmer: "Vũ Thị Mến", farm: "Hộ bà Vũ Thị Mến", village: "Thôn Vũ Hội", story: "Dưa hấu trồng trên đất bãi ven sông Hồng.", products: ["dua-hau"], helper: 0, consent: "code", scopes: ["listings"], claimed: false },
  { phone: "0388300405", farmer: "Đỗ Văn Thắng", farm: "Hộ ông Đỗ Văn Thắng", village: "Thôn Bách Thuận", story: "Khoai lang và lạc luân canh trên ruộng màu.", products: ["khoai-lang-nhat", "lac"], helper: 0, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300406", farmer: "Lê Thị Nụ", farm: "Hộ bà Lê Thị Nụ", village: "Thôn Bách Thuận", story: "Cà chua và dưa chuột vụ đông.", products: ["ca-chua", "dua-chuot"], helper: 0, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300407", farmer: "Ngô Văn Quý", farm: "Hộ ông Ngô Văn Quý", village: "Thôn Tam Lạc", story: "Đàn vịt cỏ chạy đồng sau vụ gặt.", products: ["vit-co", "trung-vit"], helper: 1, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300408", farmer: "Hoàng Thị Thơm", farm: "Hộ bà Hoàng Thị Thơm", village: "Thôn Tam Lạc", story: "Gạo nếp cái hoa vàng làm bánh chưng ngày Tết.", products: ["nep-cai-hoa-vang"], helper: 1, consent: "paper", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300409", farmer: "Bùi Văn Toản", farm: "Hộ ông Bùi Văn Toản", village: "Thôn Đồng Thanh", story: "Ngô nếp và đậu xanh trên ruộng vàn cao.", products: ["ngo-nep", "dau-xanh"], helper: 1, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300410", farmer: "Đinh Thị Hoa", farm: "Hộ bà Đinh Thị Hoa", village: "Thôn Đồng Thanh", story: "Mật ong hoa nhãn từ đàn ong hai chục thùng.", products: ["mat-ong-bac-ha"], helper: 1, consent: "code", scopes: ["listings", "orders"], claimed: false },
  { phone: "0388300411", farmer: "Phan Văn Lộc", farm: "Hộ ông Phan Văn Lộc", village: "Thôn Phúc Thành", story: "Bí đỏ và rau ngót trồng xen.", products: ["bi-do", "rau-ngot"], helper: 1, consent: "code", scopes: ["orders"], claimed: false },
  { phone: "0388300412", farmer: "Mai Thị Duyên", farm: "Hộ bà Mai Thị Duyên", village: "Thôn Phúc Thành", story: "Gà ta nuôi thả đồi, bán gà và trứng.", products: ["ga-ta", "trung-ga-ta"], helper: 1, consent: "code", scopes: ["listings", "orders"], claimed: false },
];
