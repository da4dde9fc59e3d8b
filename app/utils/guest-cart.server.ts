/**
 * A guest's cart, kept in a cookie until they log in (then merged into the
 * account's cart). It holds only listing ids, quantities and the price seen:
 * everything else is read from the database, so editing the cookie changes
 * nothing but what the guest asks for.
 */
import { createCookie } from "@remix-run/node";
import { mergeGuestCart, type CartItem } from "~/models/cart.server";
import { MAX_QUANTITY } from "~/validation/fields";
import { MAX_ID } from "~/validation/ids";
import { cookieSecure } from "./env.server";

const MAX_ITEMS = 50;

function cartCookie() {
  return createCookie("nss_cart", { httpOnly: true, sameSite: "lax", secure: cookieSecure(), path: "/", maxAge: 30 * 24 * 3600 });
}

export async function readGuestCart(request: Request): Promise<CartItem[]> {
  const value = await cartCookie().parse(request.headers.get("Cookie"));
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (v): v is [number, number, number] =>
        Array.isArray(v) &&
        v.length === 3 &&
        Number.isInteger(v[0]) && v[0] > 0 && v[0] <= MAX_ID &&
        typeof v[1] === "number" && v[1] > 0 && v[1] <= MAX_QUANTITY &&
        Number.isSafeInteger(v[2]) && v[2] > 0,
    )
    .slice(0, MAX_ITEMS)
    .map(([listingId, quantity, seenPriceVnd]) => ({ listingId, quantity, seenPriceVnd }));
}

export function writeGuestCart(items: CartItem[]): Promise<string> {
  return cartCookie().serialize(items.slice(0, MAX_ITEMS).map((i) => [i.listingId, i.quantity, i.seenPriceVnd]));
}

export function clearGuestCart(): Promise<string> {
  return cartCookie().serialize([], { maxAge: 0 });
}

/**
 * At login or signup: the guest's cart joins the account's. Returns the
 * Set-Cookie header that clears the cookie, or null when there was no cart.
 */
export async function takeGuestCart(request: Request, userId: number): Promise<string | null> {
  const items = await readGuestCart(request);
  if (items.length === 0) return null;
  await mergeGuestCart(userId, items);
  return clearGuestCart();
}
