/**
 * Pricing rules, pure so that the cart, checkout and listing page agree:
 * the unit price for a quantity is the price of the highest volume tier whose
 * minimum the quantity reaches, else the base price; a line's total is
 * rounded to whole đồng (VND has no minor unit).
 */
export type PriceTier = { minQty: number; priceVnd: number };

export function unitPriceFor(basePriceVnd: number, tiers: PriceTier[], quantity: number): number {
  let price = basePriceVnd;
  let reached = -1;
  for (const tier of tiers) {
    if (quantity >= tier.minQty && tier.minQty > reached) {
      price = tier.priceVnd;
      reached = tier.minQty;
    }
  }
  return price;
}

export function lineTotalVnd(unitPriceVnd: number, quantity: number): number {
  // Quantities carry three decimals: work in thousandths to stay exact.
  const milli = Math.round(quantity * 1000);
  return Math.round((unitPriceVnd * milli) / 1000);
}

/** Tiers are valid when quantities rise above the minimum order and prices fall below the base price. */
export function tiersAreValid(basePriceVnd: number, minOrderQty: number, tiers: PriceTier[]): boolean {
  let prevQty = minOrderQty;
  let prevPrice = basePriceVnd;
  for (const t of tiers) {
    if (!(t.minQty > prevQty && t.priceVnd < prevPrice && t.priceVnd > 0)) return false;
    prevQty = t.minQty;
    prevPrice = t.priceVnd;
  }
  return true;
}
