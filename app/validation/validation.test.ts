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
