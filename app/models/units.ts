/**
 * Units of sale and quantity arithmetic. Quantities have three decimal places
 * and are handled as integer thousandths ("milli-units") so that sums and
 * comparisons are exact. Weight units convert among themselves:
 * 1 yến = 10 kg, 1 tạ = 100 kg, 1 tấn = 1000 kg. Other units do not convert.
 */
export const UNITS = ["kg", "yen", "ta", "tan", "bo", "qua", "chuc", "con", "hop", "lit"] as const;
export type Unit = (typeof UNITS)[number];

const KG_PER_UNIT: Partial<Record<Unit, number>> = { kg: 1, yen: 10, ta: 100, tan: 1000 };

export function isWeightUnit(unit: Unit): boolean {
  return KG_PER_UNIT[unit] !== undefined;
}

/** Converts a quantity between weight units; null when the units do not convert. */
export function convertQuantity(quantity: number, from: Unit, to: Unit): number | null {
  if (from === to) return quantity;
  const a = KG_PER_UNIT[from];
  const b = KG_PER_UNIT[to];
  if (a === undefined || b === undefined) return null;
  return roundQuantity((quantity * a) / b);
}

/** Rounds to the three decimal places that quantities carry. */
export function roundQuantity(quantity: number): number {
  return Math.round(quantity * 1000) / 1000;
}

/** "12.500" (as PostgreSQL returns numeric) → 12.5 */
export function parseQuantity(value: string | number): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Not a quantity: ${value}`);
  return roundQuantity(n);
}

/** A quantity as PostgreSQL numeric(14,3) text. */
export function quantityToSql(quantity: number): string {
  return roundQuantity(quantity).toFixed(3);
}
