/**
 * Approximate centres of the 34 provinces (their administrative seats), for
 * "nearest" sorting when a buyer picks a province, and as the map point of a
 * farm that has none. Degrees, WGS 84.
 */
export const PROVINCE_CENTRES: Record<string, [number, number]> = {
  "01": [21.0285, 105.8542], // Hà Nội
  "04": [22.6657, 106.2579], // Cao Bằng
  "08": [21.8236, 105.2140], // Tuyên Quang
  "11": [21.3856, 103.0169], // Điện Biên
  "12": [22.3964, 103.4582], // Lai Châu
  "14": [21.3270, 103.9144], // Sơn La
  "15": [21.7168, 104.8986], // Lào Cai (seat at Yên Bái)
  "19": [21.5942, 105.8482], // Thái Nguyên
  "20": [21.8537, 106.7610], // Lạng Sơn
  "22": [20.9517, 107.0809], // Quảng Ninh
  "24": [21.2731, 106.1946], // Bắc Ninh (seat at Bắc Giang)
  "25": [21.3227, 105.4019], // Phú Thọ
  "31": [20.8449, 106.6881], // Hải Phòng
  "33": [20.6464, 106.0511], // Hưng Yên
  "37": [20.2506, 105.9745], // Ninh Bình
  "38": [19.8067, 105.7852], // Thanh Hóa
  "40": [18.6796, 105.6813], // Nghệ An
  "42": [18.3559, 105.8877], // Hà Tĩnh
  "44": [17.4689, 106.6223], // Quảng Trị (seat at Đồng Hới)
  "46": [16.4637, 107.5909], // Huế
  "48": [16.0544, 108.2022], // Đà Nẵng
  "51": [15.1214, 108.8044], // Quảng Ngãi
  "52": [13.7830, 109.2196], // Gia Lai (seat at Quy Nhơn)
  "56": [12.2388, 109.1967], // Khánh Hòa
  "66": [12.6667, 108.0500], // Đắk Lắk
  "68": [11.9404, 108.4583], // Lâm Đồng
  "75": [10.9574, 106.8426], // Đồng Nai
  "79": [10.7769, 106.7009], // Hồ Chí Minh
  "80": [10.5359, 106.4137], // Tây Ninh (seat at Tân An)
  "82": [10.3600, 106.3600], // Đồng Tháp (seat at Mỹ Tho)
  "86": [10.2537, 105.9722], // Vĩnh Long
  "91": [10.0124, 105.0809], // An Giang (seat at Rạch Giá)
  "92": [10.0452, 105.7469], // Cần Thơ
  "96": [9.1769, 105.1524], // Cà Mau
};

/** Where "nearest" measures from when the buyer gave no place. */
export const VIETNAM_CENTRE: [number, number] = [16.0, 107.0];
