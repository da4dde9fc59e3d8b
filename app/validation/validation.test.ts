import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { formatPhone, normalizeVietnamesePhone, parseIdentifier, signupSchema } from "./auth";
import { parseQuantityInput, parseVnd } from "./fields";
import { listingSchema } from "./listing";
import { farmSchema } from "./farm";

function form(entries: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const x of [v].flat()) fd.append(k, x);
  return fd;
}

const validListing = {
  title: "Gạo ST25 Sóc Trăng",
  categorySlug: "gao-te",
  unit: "kg",
  priceVnd: "32.000",
  stock: "1500",
  minOrderQty: "10",
};

function listingErrors(extra: Record<string, string | string[]>) {
  const submission = parseWithZod(form({ ...validListing, ...extra }), { schema: listingSchema });
  return submission.status === "success" ? {} : (submission.reply().error ?? {});
}

describe("Vietnamese phone numbers", () => {
  it("normalises the +84, 84 and 0 forms", () => {
    for (const input of ["0912345678", "+84912345678", "84912345678", "0912 345 678", "091.234.5678", "+84 91-234-5678"]) {
      expect(normalizeVietnamesePhone(input)).toBe("84912345678");
    }
    expect(normalizeVietnamesePhone("0387654321")).toBe("84387654321");
  });

  it("rejects what is not a mobile number", () => {
    for (const input of ["091234567", "09123456789", "0212345678", "0112345678", "abc", "", "+1 912345678"]) {
      expect(normalizeVietnamesePhone(input)).toBeNull();
    }
  });

  it("formats for display and tells phones from emails", () => {
    expect(formatPhone("84912345678")).toBe("0912 345 678");
    expect(parseIdentifier(" Ba.Lan@Example.VN ")).toEqual({ kind: "email", value: "ba.lan@example.vn" });
    expect(parseIdentifier("0912345678")).toEqual({ kind: "phone", value: "84912345678" });
    expect(parseIdentifier("not@valid")).toBeNull();
  });
});

describe("money and quantity input", () => {
  it("reads whole đồng with any thousands separator", () => {
    expect(parseVnd("25000")).toBe(25000);
    expect(parseVnd("25.000")).toBe(25000);
    expect(parseVnd("25,000")).toBe(25000);
    expect(parseVnd("1 250 000 đ")).toBe(1250000);
    expect(parseVnd("-5")).toBeNull();
    expect(parseVnd("12a")).toBeNull();
  });

  it("reads quantities with a decimal comma or point, three places at most", () => {
    expect(parseQuantityInput("12,5")).toBe(12.5);
    expect(parseQuantityInput("12.125")).toBe(12.125);
    expect(parseQuantityInput("1.2345")).toBeNull();
    expect(parseQuantityInput("-1")).toBeNull();
  });
});

describe("listing form schema", () => {
  it("accepts a valid listing and normalises text to NFC", () => {
    const decomposed = "Ca\u0300 chua"; // "Cà chua" with a combining grave accent
    const submission = parseWithZod(form({ ...validListing, title: decomposed }), { schema: listingSchema });
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      expect(submission.value.title).toBe("Cà chua");
      expect(submission.value.title).toBe(submission.value.title.normalize("NFC"));
      expect(submission.value.priceVnd).toBe(32000);
      expect(submission.value.stock).toBe(1500);
    }
  });

  it("gives each bad field its own message", () => {
    expect(listingErrors({ priceVnd: "" })).toEqual({ priceVnd: ["errors.price.required"] });
    expect(listingErrors({ priceVnd: "abc" })).toEqual({ priceVnd: ["errors.price.notNumber"] });
    expect(listingErrors({ priceVnd: "0" })).toEqual({ priceVnd: ["errors.price.positive"] });
    expect(listingErrors({ stock: "-5" })).toEqual({ stock: ["errors.stock.negative"] });
    expect(listingErrors({ stock: "nhiều" })).toEqual({ stock: ["errors.stock.notNumber"] });
    expect(listingErrors({ categorySlug: "xe-may" })).toEqual({ categorySlug: ["errors.category.required"] });
    expect(listingErrors({ title: "" })).toEqual({ title: ["errors.title.required"] });
  });

  it("accepts tiers with rising quantities and falling prices, and drops blank rows", () => {
    const submission = parseWithZod(
      form({
        ...validListing,
        "tiers[0].minQty": "100",
        "tiers[0].priceVnd": "30000",
        "tiers[1].minQty": "",
        "tiers[1].priceVnd": "",
        "tiers[2].minQty": "1000",
        "tiers[2].priceVnd": "28.000",
      }),
      { schema: listingSchema },
    );
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      expect(submission.value.tiers).toEqual([
        { minQty: 100, priceVnd: 30000 },
        { minQty: 1000, priceVnd: 28000 },
      ]);
    }
  });

  it("refuses tiers out of order, at the row and field at fault", () => {
    expect(
      listingErrors({ "tiers[0].minQty": "500", "tiers[0].priceVnd": "30000", "tiers[1].minQty": "100", "tiers[1].priceVnd": "29000" }),
    ).toEqual({ "tiers[1].minQty": ["errors.tier.qtyNotRising"] });
    expect(
      listingErrors({ "tiers[0].minQty": "100", "tiers[0].priceVnd": "30000", "tiers[1].minQty": "500", "tiers[1].priceVnd": "31000" }),
    ).toEqual({ "tiers[1].priceVnd": ["errors.tier.priceNotFalling"] });
    expect(listingErrors({ "tiers[0].minQty": "100", "tiers[0].priceVnd": "40000" })).toEqual({
      "tiers[0].priceVnd": ["errors.tier.priceNotFalling"],
    });
    expect(listingErrors({ "tiers[0].minQty": "5", "tiers[0].priceVnd": "30000" })).toEqual({
      "tiers[0].minQty": ["errors.tier.qtyNotRising"],
    });
    expect(listingErrors({ "tiers[0].minQty": "100" })).toEqual({ "tiers[0].priceVnd": ["errors.tier.priceRequired"] });
  });

  it("checks the harvest window and OCOP stars", () => {
    expect(listingErrors({ availableFrom: "2026-12-10", availableTo: "2026-12-01" })).toEqual({
      availableTo: ["errors.harvest.order"],
    });
    expect(listingErrors({ "certifications[0].type": "ocop" })).toEqual({
      "certifications[0].stars": ["errors.certification.stars"],
    });
    expect(listingErrors({ "certifications[0].number": "VG-123" })).toEqual({
      "certifications[0].type": ["errors.certification.type"],
    });
  });
});

describe("farm and signup schemas", () => {
  it("needs both map coordinates or neither", () => {
    const base = { name: "Vườn Ba Lan", kind: "household", provinceCode: "68", communeCode: "24778" };
    expect(parseWithZod(form(base), { schema: farmSchema }).status).toBe("success");
    const half = parseWithZod(form({ ...base, latitude: "11.94" }), { schema: farmSchema });
    expect(half.reply().error).toEqual({ longitude: ["errors.mapPoint.both"] });
  });

  it("requires a valid identifier and an 8-character password", () => {
    const submission = parseWithZod(form({ identifier: "12345", displayName: "An", password: "short", role: "farmer" }), {
      schema: signupSchema,
    });
    expect(submission.reply().error).toEqual({
      identifier: ["errors.identifier.invalid"],
      password: ["errors.password.tooShort"],
    });
  });
});

describe("bounds that the database would otherwise refuse", () => {
  it("refuses impossible dates and oversized tier quantities with their own messages", () => {
    expect(listingErrors({ availableFrom: "2024-02-30" })).toEqual({ availableFrom: ["errors.date.invalid"] });
    expect(listingErrors({ "tiers[0].minQty": "100000000000", "tiers[0].priceVnd": "30000" })).toEqual({
      "tiers[0].minQty": ["errors.tier.qtyTooLarge"],
    });
  });
});

describe("cart and checkout forms", () => {
  it("gives each bad quantity its own message", async () => {
    const { cartLineSchema, checkoutSchema } = await import("./cart");
    const errorsOf = (fields: Record<string, string>) => {
      const s = parseWithZod(form(fields), { schema: cartLineSchema });
      return s.status === "success" ? {} : s.reply().error;
    };
    expect(errorsOf({ intent: "add", listingId: "5", quantity: "-2" })).toEqual({ quantity: ["errors.quantity.negative"] });
    expect(errorsOf({ intent: "add", listingId: "5", quantity: "hai" })).toEqual({ quantity: ["errors.quantity.notNumber"] });
    expect(errorsOf({ intent: "add", listingId: "5", quantity: "0" })).toEqual({ quantity: ["errors.quantity.positive"] });
    expect(errorsOf({ intent: "buy-everything", listingId: "5", quantity: "1" })).toHaveProperty("intent");
    // A price in the form is not part of the schema: it is never read.
    const ok = parseWithZod(form({ intent: "add", listingId: "5", quantity: "2,5", priceVnd: "1" }), { schema: cartLineSchema });
    expect(ok.status === "success" && ok.value).toEqual({ intent: "add", listingId: 5, quantity: 2.5 });

    const checkout = parseWithZod(
      form({ checkoutKey: "not-a-uuid", recipient: "Hà", phone: "12345", provinceCode: "01", communeCode: "00004", street: "12 Đội Cấn", paymentMethod: "bitcoin" }),
      { schema: checkoutSchema },
    );
    expect(checkout.reply().error).toEqual({
      checkoutKey: ["errors.checkout.expired"],
      phone: ["errors.phone.invalid"],
      paymentMethod: ["errors.payment.required"],
    });
  });
});

describe("text normalisation (every form value, before any schema)", () => {
  it("removes NUL and the other control characters, keeps newline and tab", async () => {
    const { normalizeText } = await import("./text");
    expect(normalizeText("Vườn\u0000 Ba Lan")).toBe("Vườn Ba Lan");
    expect(normalizeText("a\u0001b\u0008c\u000Bd\u000Ce\u001Bf\u007Fg\u0085h\u009Fi")).toBe("abcdefghi");
    expect(normalizeText("dòng 1\ndòng 2\tcột")).toBe("dòng 1\ndòng 2\tcột");
  });

  it("turns \\r\\n and a lone \\r into \\n, and composes to NFC", async () => {
    const { normalizeText } = await import("./text");
    expect(normalizeText("một\r\nhai\rba")).toBe("một\nhai\nba");
    const decomposed = "Ca\u0300 chua\u0301";
    expect(normalizeText(decomposed)).toBe(decomposed.normalize("NFC"));
    expect(normalizeText("🍅 <script>alert(1)</script> ' OR 1=1 --")).toBe("🍅 <script>alert(1)</script> ' OR 1=1 --");
  });
});

describe("numbers are read in decimal digits only", () => {
  it("ids: no hex, exponents, signs, spaces or leading zeros", async () => {
    const { parseId } = await import("./ids");
    expect(parseId("16")).toBe(16);
    for (const bad of ["0x10", "1e3", "+7", "-1", " 7", "07", "Infinity", "NaN", "1.0", "", "2147483648", "١٢"]) expect(parseId(bad), bad).toBeNull();
  });

  it("coordinates: decimal point or comma, within range", () => {
    const base = { name: "Vườn Ba Lan", kind: "household", provinceCode: "68", communeCode: "24778" };
    const point = (latitude: string, longitude: string) => parseWithZod(form({ ...base, latitude, longitude }), { schema: farmSchema });
    const ok = point("11,94", "-108.4");
    expect(ok.status === "success" && [ok.value.latitude, ok.value.longitude]).toEqual([11.94, -108.4]);
    for (const bad of ["0x10", "1e1", "Infinity", "NaN", "91", "--1", "1.2.3"]) {
      expect(point(bad, "108").reply().error, bad).toEqual({ latitude: ["errors.latitude.invalid"] });
    }
  });

  it("money, quantities and OCOP stars", () => {
    for (const bad of ["0x10", "1e3", "Infinity", "NaN"]) {
      expect(parseVnd(bad), bad).toBeNull();
      expect(parseQuantityInput(bad), bad).toBeNull();
    }
    expect(listingErrors({ "certifications[0].type": "ocop", "certifications[0].stars": "0x3" })).toEqual({
      "certifications[0].stars": ["errors.certification.stars"],
    });
  });

  it("search parameters in other notations are ignored", async () => {
    const { parseSearchParams } = await import("./search");
    const p = parseSearchParams(new URLSearchParams({ min: "1e3", max: "0x10", page: "Infinity", q: "ca\u0000 chua" }));
    expect(p).toMatchObject({ min: undefined, max: undefined, page: 1, q: "ca chua" });
  });
});

describe("tampered hidden values get a message that is an i18n key", () => {
  it("photo ids, delivery options, intent and too many rows", () => {
    expect(listingErrors({ photoIds: ["not-a-uuid"] })).toEqual({ photoIds: ["errors.photos.invalid"] });
    expect(listingErrors({ deliveryOptions: ["giao-tan-noi", "teleport"] })).toEqual({ deliveryOptions: ["errors.delivery.invalid"] });
    expect(listingErrors({ intent: "delete-everything" })).toEqual({ intent: ["errors.form.tampered"] });
    expect(listingErrors({ "tiers[6].minQty": "1" })).toEqual({ tiers: ["errors.form.tooManyRows"] });
    expect(listingErrors({ "certifications[5].type": "ocop" })).toEqual({ certifications: ["errors.form.tooManyRows"] });
  });

  it("a missing or unknown sign-up role is named", () => {
    const base = { identifier: "0912345678", displayName: "An Bình", password: "matkhau-dai" };
    expect(parseWithZod(form(base), { schema: signupSchema }).reply().error).toEqual({ role: ["errors.role.required"] });
    expect(parseWithZod(form({ ...base, role: "operator" }), { schema: signupSchema }).reply().error).toEqual({ role: ["errors.role.required"] });
  });

  it("a checkout's delivery choices and key", async () => {
    const { checkoutSchema } = await import("./cart");
    const valid = { checkoutKey: "5b3f1f0e-8c1a-4c53-9d1e-2f6a7c1b9e10", recipient: "Hà An", phone: "0912345678", provinceCode: "01", communeCode: "00004", street: "12 Đội Cấn", paymentMethod: "cod" };
    expect(parseWithZod(form({ ...valid, "delivery.5": "nhan-tai-vuon" }), { schema: checkoutSchema }).status).toBe("success");
    expect(parseWithZod(form({ ...valid, "delivery.5": "teleport" }), { schema: checkoutSchema }).reply().error).toEqual({ delivery: ["errors.delivery.invalid"] });
    expect(parseWithZod(form({ ...valid, "delivery.0x5": "giao-tan-noi" }), { schema: checkoutSchema }).reply().error).toEqual({ delivery: ["errors.delivery.invalid"] });
  });

  it("any issue a schema does not name itself is errors.form.invalid, never zod's English", () => {
    // A repeated single-value field arrives as a list.
    expect(listingErrors({ variety: ["a", "b"] })).toEqual({ variety: ["errors.form.invalid"] });
  });
});
