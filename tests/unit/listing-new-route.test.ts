/**
 * A new listing sent the ways a farmer writes it: a price of "25k" is saved as
 * 25.000 ₫; sent without a category, the form comes back with the category
 * its title suggests chosen and a message to check it (the page without
 * JavaScript), and the amount echoed as it was understood.
 */
import { describe, expect, it } from "vitest";
import { createFarmer } from "../factories";
import { getFarmListing } from "~/models/listing.server";
import type { ListingFormReply } from "~/utils/listing-form.server";
import { localeCookie } from "~/utils/locale.server";
import { startSession } from "~/utils/session.server";
import { action } from "~/routes/sell.listings.new";
import { loader as suggest } from "~/routes/sell.category-suggest";

const FIELDS = { title: "Cà chua bi Đà Lạt", categorySlug: "rau-qua", unit: "kg", priceVnd: "25k", stock: "1 500", minOrderQty: "1", intent: "publish" };

async function post(cookie: string, fields: Record<string, string>) {
  const response = await action({
    request: new Request("http://x/sell/listings/new", { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }),
    params: {},
    context: {},
  });
  return response as Response | Extract<ListingFormReply, { status: "invalid" }>;
}

describe("a new listing", () => {
  it("posted twice with its form's key (a double tap without JavaScript), even at once, is made once", async () => {
    const farmer = await createFarmer();
    const cookie = (await startSession(farmer.id)).split(";")[0];
    const createKey = "3f0e8d52-6a1b-4c7e-9d2f-0b5a7c1e4d93";
    const [a, b] = await Promise.all([post(cookie, { ...FIELDS, createKey }), post(cookie, { ...FIELDS, createKey })]);
    const again = await post(cookie, { ...FIELDS, createKey });
    const saved = [a, b, again].map((r) => (r as Response).headers.get("Location"));
    expect(new Set(saved).size).toBe(1);
    // Another form (another key) is another listing; a key that is not one is named, nothing made.
    const other = (await post(cookie, { ...FIELDS, createKey: "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d" })) as Response;
    expect(other.headers.get("Location")).not.toBe(saved[0]);
    const tampered = await post(cookie, { ...FIELDS, createKey: "' or 1=1 --" });
    expect(tampered).not.toBeInstanceOf(Response);
    expect((tampered as { result: { error?: Record<string, string[] | null> } }).result.error?.[""]).toEqual(["errors.form.tampered"]);
  });

  it("priced '25k' with '1 500' in stock is saved at 25.000 ₫ with 1.500 kg", async () => {
    const farmer = await createFarmer();
    const cookie = (await startSession(farmer.id)).split(";")[0];
    const response = await post(cookie, FIELDS);
    expect(response).toBeInstanceOf(Response);
    const id = Number(new URL((response as Response).headers.get("Location")!, "http://x").searchParams.get("saved"));
    expect(await getFarmListing(farmer.farm.id, id)).toMatchObject({ priceVnd: 25_000, stock: 1_500, categorySlug: "rau-qua" });
  });

  it.each([
    ["vi", "Rau ăn quả"],
    ["en", "Fruiting vegetables"],
  ] as const)("sent without a category (%s): the title's category is chosen and named, typed values kept", async (locale, name) => {
    const farmer = await createFarmer();
    const session = (await startSession(farmer.id)).split(";")[0];
    const language = (await localeCookie.serialize(locale)).split(";")[0];
    const reply = await post(`${session}; ${language}`, { ...FIELDS, categorySlug: "" });
    if (reply instanceof Response) throw new Error("saved without a category");
    expect(reply.result.error).toEqual({ categorySlug: [`formHelp.suggestion|${name}`] });
    expect(reply.result.initialValue).toMatchObject({ categorySlug: "rau-qua", title: "Cà chua bi Đà Lạt", priceVnd: "25k" });
    // Sent again as it came back: saved in the suggested category.
    const again = await post(session, { ...FIELDS, categorySlug: String(reply.result.initialValue?.categorySlug) });
    expect(again).toBeInstanceOf(Response);
  });

  it("a title that suggests nothing keeps the plain 'choose a category' error", async () => {
    const farmer = await createFarmer();
    const cookie = (await startSession(farmer.id)).split(";")[0];
    const reply = await post(cookie, { ...FIELDS, title: "Hàng mới về", categorySlug: "" });
    if (reply instanceof Response) throw new Error("saved without a category");
    expect(reply.result.error).toEqual({ categorySlug: ["errors.category.required"] });
  });

  it("the suggestion resource answers as the farmer types", async () => {
    const ask = async (title: string) =>
      (await (await suggest({ request: new Request(`http://x/sell/category-suggest?title=${encodeURIComponent(title)}`), params: {}, context: {} })).json()) as unknown;
    expect(await ask("cà chua bi")).toEqual({ suggestion: { slug: "rau-qua", name: "Rau ăn quả" } });
    expect(await ask("trứng gà ta")).toEqual({ suggestion: { slug: "trung", name: "Trứng" } });
    expect(await ask("")).toEqual({ suggestion: null });
    expect(await ask("x".repeat(10_000))).toEqual({ suggestion: null });
  });
});
