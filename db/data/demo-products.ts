/**
 * Demo produce: real Vietnamese products, varieties and plausible 2026 farm-gate
 * prices in whole đồng. Farms in demo.ts pick from these by key. Both northern
 * and southern names appear (lợn/heo, ngô/bắp, dứa/thơm/khóm, lạc/đậu phộng,
 * vừng/mè, dưa chuột/dưa leo, mướp đắng/khổ qua, sắn/khoai mì), and both dừa
 * (coconut) and dưa (melon), since search has to tell them apart.
 */
import type { Unit } from "../../app/models/units";

export type DemoProduct = {
  title: string;
  category: string;
  unit: Unit;
  price: number;
  variety?: string;
  grade?: string;
  description: string;
  stock: number;
  minOrder?: number;
  /** Volume tiers as [minimum quantity, price]. */
  tiers?: [number, number][];
};

export const PRODUCTS: Record<string, DemoProduct> = {
  // Rau ăn lá
  "rau-muong": { title: "Rau muống", category: "rau-la", unit: "bo", price: 8000, description: "Rau muống hái buổi sáng, bó 500 g, giòn và xanh.", stock: 400, minOrder: 2, tiers: [[50, 7000], [200, 6000]] },
  "cai-ngot": { title: "Cải ngọt", category: "rau-la", unit: "kg", price: 18000, description: "Cải ngọt trồng theo VietGAP, không dùng thuốc diệt cỏ.", stock: 300 },
  "xa-lach-thuy-canh": { title: "Xà lách thủy canh", category: "rau-la", unit: "kg", price: 45000, variety: "Lô Lô xanh", description: "Xà lách thủy canh nhà màng, rửa nhẹ là ăn được.", stock: 120, tiers: [[20, 42000], [100, 38000]] },
  "bap-cai": { title: "Bắp cải", category: "rau-la", unit: "kg", price: 12000, variety: "Bắp cải trái tim", description: "Bắp cải cuộn chặt, mỗi bắp 1–1,5 kg.", stock: 2000, minOrder: 10, tiers: [[100, 10000], [500, 8500]] },
  "rau-ngot": { title: "Rau ngót", category: "rau-la", unit: "bo", price: 7000, description: "Rau ngót bó tươi, nấu canh thịt bằm.", stock: 250 },
  "cai-xoong": { title: "Cải xoong", category: "rau-la", unit: "kg", price: 35000, description: "Cải xoong nước suối mát, lá non.", stock: 80 },
  // Rau ăn quả
  "ca-chua-bi": { title: "Cà chua bi", category: "rau-qua", unit: "kg", price: 38000, variety: "Cà chua bi đỏ", description: "Cà chua bi ngọt, trồng trong nhà kính.", stock: 600, minOrder: 2, tiers: [[50, 34000], [200, 30000]] },
  "ca-chua": { title: "Cà chua", category: "rau-qua", unit: "kg", price: 22000, variety: "Cà chua Beef", grade: "Loại 1", description: "Cà chua chín cây, thịt dày, ít hạt.", stock: 1500, minOrder: 5, tiers: [[100, 19000], [1000, 16000]] },
  "dua-chuot": { title: "Dưa chuột", category: "rau-qua", unit: "kg", price: 15000, description: "Dưa chuột giòn, quả thẳng, hái non.", stock: 800, tiers: [[100, 12000]] },
  "dua-leo": { title: "Dưa leo", category: "rau-qua", unit: "kg", price: 14000, description: "Dưa leo baby giòn ngọt, thu hoạch mỗi sáng.", stock: 900, tiers: [[100, 12000]] },
  "muop-dang": { title: "Mướp đắng", category: "rau-qua", unit: "kg", price: 20000, description: "Mướp đắng quả dài, đắng nhẹ, nấu canh hoặc xào trứng.", stock: 300 },
  "kho-qua": { title: "Khổ qua", category: "rau-qua", unit: "kg", price: 19000, description: "Khổ qua rừng trồng đất đỏ, làm món khổ qua nhồi thịt.", stock: 250 },
  "bi-do": { title: "Bí đỏ", category: "rau-qua", unit: "kg", price: 14000, variety: "Bí đỏ hồ lô", description: "Bí đỏ ruột vàng, bở, ngọt, để lâu được.", stock: 3000, minOrder: 10, tiers: [[200, 12000], [1000, 10500]] },
  "ot-chuong": { title: "Ớt chuông", category: "rau-qua", unit: "kg", price: 55000, variety: "Ớt chuông ba màu", description: "Ớt chuông đỏ, vàng, xanh trồng nhà màng.", stock: 200 },
  "dau-bap": { title: "Đậu bắp", category: "rau-qua", unit: "kg", price: 25000, description: "Đậu bắp non, quả nhỏ, nhớt vừa.", stock: 150 },
  // Rau gia vị
  "hanh-la": { title: "Hành lá", category: "rau-gia-vi", unit: "kg", price: 30000, description: "Hành lá xanh mướt, thơm.", stock: 100 },
  "rau-thom": { title: "Rau thơm các loại", category: "rau-gia-vi", unit: "bo", price: 5000, description: "Húng quế, tía tô, kinh giới, rau mùi: bó hỗn hợp.", stock: 300 },
  "sa": { title: "Sả cây", category: "rau-gia-vi", unit: "kg", price: 12000, description: "Sả cây to, nhiều tinh dầu.", stock: 500, tiers: [[100, 10000]] },
  "gung": { title: "Gừng", category: "rau-gia-vi", unit: "kg", price: 35000, variety: "Gừng trâu", description: "Gừng củ to, cay nồng.", stock: 400 },
  // Nấm
  "nam-rom": { title: "Nấm rơm", category: "nam", unit: "kg", price: 90000, description: "Nấm rơm búp, hái trong ngày.", stock: 60 },
  "nam-dui-ga": { title: "Nấm đùi gà", category: "nam", unit: "kg", price: 70000, description: "Nấm đùi gà trồng phôi mùn cưa, thân chắc.", stock: 90 },
  "nam-linh-chi": { title: "Nấm linh chi khô", category: "nam", unit: "hop", price: 450000, grade: "Hộp 500 g", description: "Nấm linh chi đỏ sấy khô, thái lát.", stock: 40 },
  // Khoai
  "khoai-lang-nhat": { title: "Khoai lang Nhật", category: "khoai", unit: "kg", price: 25000, variety: "Khoai lang ruột vàng", description: "Khoai lang Nhật bở, ngọt, nướng hay luộc đều ngon.", stock: 2500, minOrder: 5, tiers: [[100, 22000], [1000, 19000]] },
  "khoai-tay": { title: "Khoai tây", category: "khoai", unit: "kg", price: 20000, variety: "Khoai tây Atlantic", description: "Khoai tây Đà Lạt củ đều, vỏ mỏng.", stock: 3000, minOrder: 10, tiers: [[200, 17000], [1000, 15000]] },
  "khoai-so": { title: "Khoai sọ", category: "khoai", unit: "kg", price: 30000, description: "Khoai sọ dẻo, nấu canh xương.", stock: 500 },
  "san": { title: "Sắn", category: "khoai", unit: "kg", price: 10000, description: "Sắn củ tươi, luộc hay hấp đều bở, bột nhiều.", stock: 2000 },
  "khoai-mi": { title: "Khoai mì", category: "khoai", unit: "kg", price: 9000, description: "Khoai mì nếp bở, hấp nước cốt dừa.", stock: 2200 },
  // Củ khác
  "ca-rot": { title: "Cà rốt", category: "cu-khac", unit: "kg", price: 16000, description: "Cà rốt củ đều, màu cam đậm.", stock: 2000, minOrder: 5, tiers: [[200, 13500]] },
  "cu-cai-trang": { title: "Củ cải trắng", category: "cu-khac", unit: "kg", price: 12000, description: "Củ cải trắng mọng nước.", stock: 1200 },
  "cu-den": { title: "Củ dền", category: "cu-khac", unit: "kg", price: 22000, description: "Củ dền đỏ, ép nước hoặc nấu canh.", stock: 400 },
  "hanh-tim": { title: "Hành tím", category: "cu-khac", unit: "kg", price: 40000, variety: "Hành tím Vĩnh Châu", description: "Hành tím Vĩnh Châu củ chắc, thơm.", stock: 5000, minOrder: 10, tiers: [[500, 36000], [2000, 33000]] },
  "toi": { title: "Tỏi", category: "cu-khac", unit: "kg", price: 90000, variety: "Tỏi Lý Sơn", description: "Tỏi Lý Sơn củ nhỏ, nhiều tép, cay thơm.", stock: 300 },
  // Trái cây nhiệt đới
  "xoai-cat-hoa-loc": { title: "Xoài cát Hòa Lộc", category: "qua-nhiet-doi", unit: "kg", price: 65000, grade: "Loại 1 (trên 450 g/trái)", description: "Xoài cát Hòa Lộc chín cây, thơm, ngọt đậm.", stock: 800, tiers: [[50, 60000], [300, 55000]] },
  "sau-rieng-ri6": { title: "Sầu riêng Ri6", category: "qua-nhiet-doi", unit: "kg", price: 85000, variety: "Ri6", description: "Sầu riêng Ri6 cơm vàng, hạt lép.", stock: 1500, minOrder: 2, tiers: [[100, 78000], [1000, 72000]] },
  "thanh-long": { title: "Thanh long ruột đỏ", category: "qua-nhiet-doi", unit: "kg", price: 30000, description: "Thanh long ruột đỏ, trái 400–600 g.", stock: 4000, minOrder: 5, tiers: [[500, 26000], [2000, 23000]] },
  "dua-xiem": { title: "Dừa xiêm xanh", category: "qua-nhiet-doi", unit: "qua", price: 15000, description: "Dừa xiêm nước ngọt thanh, gọt sẵn theo yêu cầu.", stock: 3000, minOrder: 10, tiers: [[100, 12000], [1000, 10000]] },
  "dua-sap": { title: "Dừa sáp Cầu Kè", category: "qua-dac-san", unit: "qua", price: 150000, description: "Dừa sáp đặc ruột, đặc sản Cầu Kè.", stock: 200 },
  "dua-hau": { title: "Dưa hấu", category: "qua-nhiet-doi", unit: "kg", price: 12000, variety: "Hắc Mỹ Nhân", description: "Dưa hấu ruột đỏ, vỏ mỏng, ngọt mát.", stock: 5000, minOrder: 10, tiers: [[500, 10000], [3000, 8500]] },
  "dua-luoi": { title: "Dưa lưới", category: "qua-nhiet-doi", unit: "kg", price: 60000, variety: "Dưa lưới Taki", description: "Dưa lưới trồng nhà màng, ruột cam, giòn.", stock: 600 },
  "dua-gai": { title: "Dứa", category: "qua-nhiet-doi", unit: "qua", price: 12000, variety: "Dứa Queen", description: "Dứa chín vàng, ngọt, ít xơ.", stock: 5000, minOrder: 10, tiers: [[500, 10000]] },
  "thom": { title: "Thơm", category: "qua-nhiet-doi", unit: "qua", price: 11000, variety: "Thơm Cầu Đúc", description: "Thơm Cầu Đúc Hậu Giang, trái nhỏ, rất ngọt.", stock: 4000, minOrder: 10 },
  "khom": { title: "Khóm", category: "qua-nhiet-doi", unit: "qua", price: 10000, variety: "Khóm Tắc Cậu", description: "Khóm Tắc Cậu mắt cạn, thơm lừng.", stock: 3500, minOrder: 10 },
  "chuoi-tieu": { title: "Chuối tiêu", category: "qua-nhiet-doi", unit: "kg", price: 18000, description: "Chuối tiêu hồng chín tự nhiên.", stock: 1000 },
  "mit-thai": { title: "Mít Thái", category: "qua-nhiet-doi", unit: "kg", price: 28000, description: "Mít Thái múi vàng, giòn ngọt.", stock: 2000, minOrder: 5 },
  "oi": { title: "Ổi", category: "qua-nhiet-doi", unit: "kg", price: 20000, variety: "Ổi Đài Loan", description: "Ổi giòn, ít hạt.", stock: 1000 },
  // Citrus
  "buoi-da-xanh": { title: "Bưởi da xanh", category: "qua-co-mui", unit: "kg", price: 45000, grade: "Loại 1 (1,2–2 kg/trái)", description: "Bưởi da xanh ruột hồng, tép ráo, ngọt thanh.", stock: 2000, minOrder: 2, tiers: [[100, 40000], [500, 36000]] },
  "buoi-dien": { title: "Bưởi Diễn", category: "qua-co-mui", unit: "qua", price: 40000, description: "Bưởi Diễn vỏ vàng, múi ráo, để lâu càng ngọt.", stock: 800 },
  "cam-sanh": { title: "Cam sành", category: "qua-co-mui", unit: "kg", price: 25000, description: "Cam sành nhiều nước, ngọt chua nhẹ.", stock: 3000, minOrder: 5, tiers: [[300, 21000]] },
  "cam-vinh": { title: "Cam Vinh", category: "qua-co-mui", unit: "kg", price: 50000, variety: "Cam Xã Đoài", description: "Cam Vinh vỏ mỏng, thơm, múi vàng.", stock: 1200 },
  "quyt-hong": { title: "Quýt hồng Lai Vung", category: "qua-co-mui", unit: "kg", price: 40000, description: "Quýt hồng vỏ đỏ, chín dịp Tết.", stock: 1500 },
  "chanh-khong-hat": { title: "Chanh không hạt", category: "qua-co-mui", unit: "kg", price: 18000, description: "Chanh không hạt nhiều nước, thơm.", stock: 4000, minOrder: 10, tiers: [[500, 15000], [3000, 13000]] },
  // Regional fruit
  "nhan-long": { title: "Nhãn lồng Hưng Yên", category: "qua-dac-san", unit: "kg", price: 60000, description: "Nhãn lồng cùi dày, hạt nhỏ, ngọt sắc.", stock: 1000, tiers: [[100, 55000]] },
  "vai-thieu": { title: "Vải thiều Lục Ngạn", category: "qua-dac-san", unit: "kg", price: 45000, description: "Vải thiều chín đỏ, cùi trắng, hạt nhỏ.", stock: 5000, minOrder: 5, tiers: [[500, 40000], [5000, 35000]] },
  "man-hau": { title: "Mận hậu Mộc Châu", category: "qua-dac-san", unit: "kg", price: 35000, description: "Mận hậu giòn, chua ngọt.", stock: 2000 },
  "chom-chom": { title: "Chôm chôm Thái", category: "qua-dac-san", unit: "kg", price: 30000, description: "Chôm chôm tróc, cùi dày.", stock: 2500, minOrder: 5 },
  "vu-sua": { title: "Vú sữa Lò Rèn", category: "qua-dac-san", unit: "kg", price: 55000, description: "Vú sữa Lò Rèn Vĩnh Kim, ngọt như sữa.", stock: 700 },
  "hong-gion": { title: "Hồng giòn", category: "qua-dac-san", unit: "kg", price: 50000, description: "Hồng giòn Đà Lạt, không chát.", stock: 600 },
  "na-dai": { title: "Na dai", category: "qua-dac-san", unit: "kg", price: 45000, description: "Na dai Chi Lăng múi to, ít hạt.", stock: 900 },
  // Gạo tẻ
  "gao-st25": { title: "Gạo ST25", category: "gao-te", unit: "kg", price: 38000, grade: "Gạo trắng, bao 5 kg", description: "Gạo ST25 hạt dài, dẻo thơm, cơm để nguội vẫn mềm.", stock: 20000, minOrder: 5, tiers: [[100, 35000], [1000, 32000]] },
  "gao-st25-tan": { title: "Gạo ST25 xuất khẩu", category: "gao-te", unit: "tan", price: 26_500_000, grade: "5% tấm", description: "Gạo ST25 cho bếp ăn, nhà hàng, đại lý. Giao theo tấn.", stock: 200, minOrder: 1, tiers: [[10, 25_500_000], [50, 24_800_000]] },
  "gao-lai-do": { title: "Gạo lài đỏ", category: "gao-te", unit: "kg", price: 32000, description: "Gạo lứt đỏ giàu chất xơ.", stock: 5000 },
  "gao-tam-thom": { title: "Gạo tám thơm", category: "gao-te", unit: "kg", price: 28000, description: "Gạo tám thơm Hải Hậu, hạt nhỏ, cơm dẻo thơm.", stock: 8000, minOrder: 5, tiers: [[500, 25000]] },
  "gao-bat-huong": { title: "Gạo Bắc Hương", category: "gao-te", unit: "ta", price: 2_200_000, description: "Gạo Bắc Hương bán theo tạ cho bếp ăn tập thể.", stock: 300, tiers: [[10, 2_100_000]] },
  "gao-jasmine": { title: "Gạo Jasmine", category: "gao-te", unit: "kg", price: 22000, description: "Gạo Jasmine mềm, thơm nhẹ, giá tốt cho bếp ăn.", stock: 30000, minOrder: 10, tiers: [[1000, 19500], [10000, 18000]] },
  // Gạo nếp
  "nep-cai-hoa-vang": { title: "Gạo nếp cái hoa vàng", category: "gao-nep", unit: "kg", price: 40000, description: "Nếp cái hoa vàng đồ xôi, gói bánh chưng.", stock: 3000 },
  "nep-cam": { title: "Gạo nếp cẩm", category: "gao-nep", unit: "kg", price: 45000, description: "Nếp cẩm Điện Biên, làm rượu nếp, xôi.", stock: 1000 },
  // Ngô, đậu, hạt
  "ngo-nep": { title: "Ngô nếp", category: "ngu-coc", unit: "qua", price: 5000, description: "Ngô nếp dẻo, luộc hay nướng.", stock: 3000, minOrder: 10 },
  "bap-nep": { title: "Bắp nếp", category: "ngu-coc", unit: "chuc", price: 45000, description: "Bắp nếp trắng dẻo, bán theo chục trái.", stock: 400 },
  "lac": { title: "Lạc nhân", category: "ngu-coc", unit: "kg", price: 60000, variety: "Lạc đỏ", description: "Lạc nhân đỏ hạt mẩy, rang hoặc ép dầu.", stock: 2000, minOrder: 2 },
  "dau-phong": { title: "Đậu phộng", category: "ngu-coc", unit: "kg", price: 55000, description: "Đậu phộng Tây Ninh hạt to, béo.", stock: 2500 },
  "vung-den": { title: "Vừng đen", category: "ngu-coc", unit: "kg", price: 90000, description: "Vừng đen hạt mẩy, sạch sạn.", stock: 500 },
  "me-den": { title: "Mè đen", category: "ngu-coc", unit: "kg", price: 88000, description: "Mè đen rang làm muối mè, chè mè đen.", stock: 600 },
  "dau-xanh": { title: "Đậu xanh", category: "ngu-coc", unit: "kg", price: 45000, description: "Đậu xanh hạt tròn, nấu chè, làm bánh.", stock: 1500 },
  "hat-dieu": { title: "Hạt điều rang muối", category: "ngu-coc", unit: "kg", price: 320000, grade: "W320", description: "Hạt điều Bình Phước rang muối, còn vỏ lụa.", stock: 500, tiers: [[20, 300000]] },
  // Cá
  "ca-tra": { title: "Cá tra", category: "ca", unit: "kg", price: 32000, description: "Cá tra nuôi bè sông Hậu, làm sạch theo yêu cầu.", stock: 5000, minOrder: 10, tiers: [[500, 29000], [5000, 27000]] },
  "ca-ro-dong": { title: "Cá rô đồng", category: "ca", unit: "kg", price: 90000, description: "Cá rô đồng nuôi ao đất, thịt chắc.", stock: 300 },
  "ca-loc": { title: "Cá lóc", category: "ca", unit: "kg", price: 75000, description: "Cá lóc đồng, nấu canh chua, kho tộ.", stock: 500 },
  "ca-dieu-hong": { title: "Cá điêu hồng", category: "ca", unit: "kg", price: 60000, description: "Cá điêu hồng nuôi lồng bè.", stock: 800 },
  // Tôm cua ốc
  "tom-su": { title: "Tôm sú", category: "tom-cua", unit: "kg", price: 280000, grade: "Size 30 con/kg", description: "Tôm sú quảng canh rừng ngập mặn.", stock: 400, tiers: [[20, 260000]] },
  "tom-the": { title: "Tôm thẻ chân trắng", category: "tom-cua", unit: "kg", price: 150000, grade: "Size 60 con/kg", description: "Tôm thẻ nuôi công nghệ cao, đông lạnh IQF.", stock: 2000, minOrder: 5, tiers: [[100, 140000], [1000, 130000]] },
  "cua-ca-mau": { title: "Cua Cà Mau", category: "tom-cua", unit: "kg", price: 450000, grade: "Cua gạch, 3 con/kg", description: "Cua Cà Mau chắc thịt, đầy gạch.", stock: 150 },
  "oc-buou": { title: "Ốc bươu", category: "tom-cua", unit: "kg", price: 50000, description: "Ốc bươu đồng, đã ngâm sạch.", stock: 300 },
  // Hải sản khô
  "kho-ca-loc": { title: "Khô cá lóc", category: "hai-san-kho", unit: "kg", price: 380000, description: "Khô cá lóc một nắng, ít mặn.", stock: 200 },
  "tom-kho": { title: "Tôm khô", category: "hai-san-kho", unit: "kg", price: 900000, description: "Tôm khô đất Cà Mau, đỏ tự nhiên.", stock: 100 },
  "muc-kho": { title: "Mực khô", category: "hai-san-kho", unit: "kg", price: 1_200_000, description: "Mực khô câu, size 15–20 con/kg.", stock: 60 },
  // Thịt lợn
  "thit-lon-den": { title: "Thịt lợn đen", category: "thit-lon", unit: "kg", price: 180000, description: "Lợn đen bản thả đồi, thịt thơm, bì giòn.", stock: 200 },
  "thit-heo": { title: "Thịt heo sạch", category: "thit-lon", unit: "kg", price: 140000, description: "Heo nuôi thảo dược, pha lóc theo yêu cầu.", stock: 500, tiers: [[50, 130000]] },
  "lon-cap-nach": { title: "Lợn cắp nách", category: "thit-lon", unit: "con", price: 1_500_000, description: "Lợn cắp nách 8–10 kg nguyên con.", stock: 30 },
  // Thịt bò
  "thit-bo-vang": { title: "Thịt bò vàng", category: "thit-bo", unit: "kg", price: 280000, description: "Bò vàng địa phương chăn thả.", stock: 150 },
  "bo-mot-nang": { title: "Bò một nắng", category: "thit-bo", unit: "kg", price: 420000, description: "Bò một nắng Krông Pa, chấm muối kiến vàng.", stock: 80 },
  // Gia cầm
  "ga-ta": { title: "Gà ta thả vườn", category: "gia-cam", unit: "con", price: 280000, grade: "1,6–2 kg/con", description: "Gà ta thả vườn ăn thóc, làm sạch giao tận nơi.", stock: 200 },
  "ga-doi": { title: "Gà đồi", category: "gia-cam", unit: "kg", price: 160000, description: "Gà đồi chạy bộ, da vàng, thịt săn.", stock: 300 },
  "vit-co": { title: "Vịt cỏ", category: "gia-cam", unit: "con", price: 180000, description: "Vịt cỏ chạy đồng, thịt thơm.", stock: 150 },
  // Trứng
  "trung-ga-ta": { title: "Trứng gà ta", category: "trung", unit: "chuc", price: 45000, description: "Trứng gà ta lòng đỏ đậm, nhặt trong ngày.", stock: 500, tiers: [[30, 42000], [100, 39000]] },
  "trung-vit": { title: "Trứng vịt", category: "trung", unit: "chuc", price: 38000, description: "Trứng vịt chạy đồng.", stock: 600 },
  "trung-cut": { title: "Trứng cút", category: "trung", unit: "hop", price: 30000, grade: "Hộp 30 quả", description: "Trứng cút tươi.", stock: 300 },
  // Chè
  "che-tan-cuong": { title: "Chè Tân Cương", category: "che", unit: "kg", price: 450000, grade: "Chè búp đặc biệt", description: "Chè móc câu Tân Cương sao tay, nước xanh, hậu ngọt.", stock: 200, tiers: [[10, 420000]] },
  "che-shan-tuyet": { title: "Chè Shan tuyết cổ thụ", category: "che", unit: "kg", price: 900000, description: "Chè Shan tuyết từ cây cổ thụ vùng cao.", stock: 80 },
  // Cà phê
  "ca-phe-robusta": { title: "Cà phê Robusta nhân xanh", category: "ca-phe", unit: "kg", price: 120000, grade: "S18", description: "Cà phê Robusta chế biến ướt, nhân xanh sàng 18.", stock: 10000, minOrder: 60, tiers: [[1000, 115000], [5000, 110000]] },
  "ca-phe-arabica": { title: "Cà phê Arabica rang xay", category: "ca-phe", unit: "kg", price: 380000, variety: "Arabica Cầu Đất", description: "Arabica Cầu Đất rang vừa, hương trái cây.", stock: 300 },
  // Mật ong
  "mat-ong-ca-phe": { title: "Mật ong hoa cà phê", category: "mat-ong", unit: "lit", price: 250000, description: "Mật ong hoa cà phê nguyên chất, sánh đặc.", stock: 500, tiers: [[20, 230000]] },
  "mat-ong-bac-ha": { title: "Mật ong bạc hà", category: "mat-ong", unit: "lit", price: 450000, description: "Mật ong hoa bạc hà cao nguyên đá.", stock: 200 },
  // Đặc sản chế biến
  "nuoc-mam": { title: "Nước mắm nhĩ", category: "dac-san-che-bien", unit: "lit", price: 150000, grade: "40 độ đạm", description: "Nước mắm cá cơm ủ chượp truyền thống.", stock: 1000 },
  "banh-trang": { title: "Bánh tráng phơi sương", category: "dac-san-che-bien", unit: "kg", price: 80000, description: "Bánh tráng phơi sương Trảng Bàng.", stock: 400 },
  "mut-gung": { title: "Mứt gừng", category: "dac-san-che-bien", unit: "hop", price: 90000, description: "Mứt gừng dẻo, cay nhẹ.", stock: 300 },
  "keo-dua": { title: "Kẹo dừa Bến Tre", category: "dac-san-che-bien", unit: "hop", price: 45000, description: "Kẹo dừa sữa nguyên chất.", stock: 800 },
  "mang-kho": { title: "Măng khô", category: "dac-san-che-bien", unit: "kg", price: 350000, description: "Măng nứa khô vùng cao.", stock: 150 },
  // Gia vị
  "tieu-den": { title: "Hạt tiêu đen", category: "gia-vi", unit: "kg", price: 160000, variety: "Tiêu Vĩnh Linh", description: "Tiêu đen hạt chắc, cay thơm.", stock: 2000, minOrder: 2, tiers: [[100, 150000], [1000, 140000]] },
  "que": { title: "Quế thanh", category: "gia-vi", unit: "kg", price: 120000, description: "Quế Văn Yên cuộn thanh, nhiều tinh dầu.", stock: 1000 },
  "hoi": { title: "Hoa hồi khô", category: "gia-vi", unit: "kg", price: 220000, description: "Hoa hồi Lạng Sơn tám cánh.", stock: 600 },
  "ot-kho": { title: "Ớt khô", category: "gia-vi", unit: "kg", price: 130000, description: "Ớt chỉ thiên phơi khô, cay nồng.", stock: 400 },
  "nghe": { title: "Tinh bột nghệ", category: "gia-vi", unit: "hop", price: 180000, grade: "Hộp 500 g", description: "Tinh bột nghệ vàng nguyên chất.", stock: 200 },
};
