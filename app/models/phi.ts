/**
 * Pre-harvest intervals (PHI, "thời gian cách ly"): the days that must pass
 * between the last spray of an active ingredient and the harvest. Invariants:
 * - a harvest on or before `appliedOn + days` is refused, naming the spray
 *   that binds (its active ingredient, the days required, the earliest
 *   allowed date); the earliest allowed date is appliedOn + days + 1, so a
 *   7-day interval after a spray on the 1st allows a harvest on the 9th —
 *   the stricter reading of "7 full days", chosen on purpose;
 * - sprays after the harvest date concern a later harvest and are not checked;
 * - the table is data, each row with its source; where a label gives
 *   several intervals by crop, the row keeps the longest one for vegetables
 *   and fruit (a farm may always wait longer). Sources and doubts are in
 *   docs/decisions/042-lots-and-traceability.md.
 * Browser-safe (the lot forms list the ingredients).
 */

export type ActiveIngredient = {
  key: string;
  /** The name as printed on Vietnamese labels. */
  name: string;
  days: number;
  /** Where the interval comes from. */
  source: string;
  /** Removed from Vietnam's permitted list: the decision and the date its use ended. */
  bannedInVietnam?: { decision: string; since: string };
};

export const ACTIVE_INGREDIENTS: readonly ActiveIngredient[] = [
  {
    key: "abamectin",
    name: "Abamectin",
    days: 7,
    source: "Product labels: Vertimec 1.8EC (Syngenta Việt Nam) 7 ngày; Agri-Mek SC (US EPA Reg. 100-1351) 7 days on most vegetables and fruit",
  },
  {
    key: "emamectin-benzoate",
    name: "Emamectin benzoate",
    days: 7,
    source: "Product labels: Proclaim 1.9EC (Syngenta Việt Nam) 7 ngày; Proclaim (US EPA) 7 days on leafy and cole crops",
  },
  {
    key: "chlorpyrifos-ethyl",
    name: "Chlorpyrifos ethyl",
    days: 14,
    source: "Former labels (Lorsban 40EC and others) 7–21 days by crop; the longest common vegetable interval kept",
    bannedInVietnam: { decision: "Quyết định 501/QĐ-BNN-BVTV (12/02/2019)", since: "2021-02-12" },
  },
  {
    key: "cypermethrin",
    name: "Cypermethrin",
    days: 7,
    source: "Vietnamese product labels (e.g. Sherpa 25EC) 7 ngày; labels elsewhere range 1–14 days by crop",
  },
  {
    key: "imidacloprid",
    name: "Imidacloprid",
    days: 7,
    source: "Product labels: Confidor 100SL (Bayer Việt Nam) 7 ngày; Admire Pro (US EPA) 7 days foliar on leafy vegetables",
  },
  {
    key: "mancozeb",
    name: "Mancozeb",
    days: 7,
    source: "Product labels: Dithane M-45 80WP (Corteva/Dow Việt Nam) 7 ngày",
  },
  {
    key: "azoxystrobin",
    name: "Azoxystrobin",
    days: 7,
    source: "Product label: Amistar 250SC (Syngenta Việt Nam) 7 ngày (US Quadris labels allow 0–1 day on many vegetables; the Vietnamese label kept)",
  },
  {
    key: "hexaconazole",
    name: "Hexaconazole",
    days: 7,
    source: "Product label: Anvil 5SC (Syngenta Việt Nam) 7 ngày — not verified against a current label (decision 042)",
  },
  {
    key: "difenoconazole",
    name: "Difenoconazole",
    days: 7,
    source: "Product label: Score 250EC (Syngenta Việt Nam) 7 ngày",
  },
  {
    key: "fipronil",
    name: "Fipronil",
    days: 7,
    source: "Former labels (Regent 5SC and others) 7 ngày — not verified (decision 042)",
    bannedInVietnam: { decision: "Quyết định 501/QĐ-BNN-BVTV (12/02/2019)", since: "2021-02-12" },
  },
  {
    key: "glyphosate",
    name: "Glyphosate",
    days: 14,
    source: "Former labels (Roundup and others) 7–14 days by crop; the longest kept",
    bannedInVietnam: { decision: "Quyết định 1186/QĐ-BNN-BVTV (10/04/2019)", since: "2020-06-09" },
  },
];

const BY_KEY = new Map(ACTIVE_INGREDIENTS.map((a) => [a.key, a]));

export function activeIngredient(key: string): ActiveIngredient | undefined {
  return BY_KEY.get(key);
}

export const ACTIVE_INGREDIENT_KEYS = ACTIVE_INGREDIENTS.map((a) => a.key) as [string, ...string[]];

/** An ISO date `days` later (calendar days, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type Spray = { activeIngredient: string; appliedOn: string };

export type PhiViolation = { activeIngredient: string; name: string; appliedOn: string; days: number; earliest: string };

/**
 * Whether a harvest on `harvestedOn` respects every spray's interval; when
 * not, the spray whose interval ends last (the one the farm must wait for).
 */
export function phiViolation(sprays: readonly Spray[], harvestedOn: string): PhiViolation | null {
  let worst: PhiViolation | null = null;
  for (const spray of sprays) {
    if (spray.appliedOn > harvestedOn) continue;
    const ingredient = activeIngredient(spray.activeIngredient);
    // An ingredient outside the table cannot be recorded (the form offers only these); a stray one binds nothing.
    if (!ingredient) continue;
    const earliest = addDays(spray.appliedOn, ingredient.days + 1);
    if (harvestedOn < earliest && (!worst || earliest > worst.earliest)) {
      worst = { activeIngredient: ingredient.key, name: ingredient.name, appliedOn: spray.appliedOn, days: ingredient.days, earliest };
    }
  }
  return worst;
}

/** Whether the ingredient's use had ended in Vietnam on that date. */
export function bannedOn(key: string, isoDate: string): boolean {
  const ban = activeIngredient(key)?.bannedInVietnam;
  return ban !== undefined && isoDate >= ban.since;
}
