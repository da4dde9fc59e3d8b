/**
 * Lots and traceability (issue 14, decision 042). Invariants:
 * - every read or write for a seller is scoped by the farm in SQL; every
 *   command asks the policy (lot.manage) inside its transaction and leaves an
 *   audit event: another farm's lot is "not found", never changed;
 * - a harvest date never falls inside the pre-harvest interval of a spray
 *   recorded on the lot (app/models/phi.ts), checked under the lot's row lock
 *   both when the harvest date is saved and when a spray is added, so two
 *   forms posted together cannot slip one past the other;
 * - inputs are append-only (a field notebook); adding one raises the lot's
 *   version, so an edit form opened before it is stale (decision 016);
 * - the public code is random (50 bits), never the id; the public page shows
 *   the farm, its commune, dates, inputs, certifications and the journey
 *   counted from order lines — never a buyer;
 * - a visit of the public page adds one to `scans` in the same statement
 *   that reads the lot (no version raised: migration 0025_lots).
 */
import { randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { categories, communes, farms, lotInputs, lots, orderEvents, orderItems, orders, provinces } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import { DomainError } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { gtin14, type LotInput, type LotInputInput } from "~/validation/lot";
import { phiViolation, type PhiViolation } from "./phi";

/** A harvest inside a spray's interval: the refusal carries the reason (the route words it). */
export class PhiRefusal extends DomainError {
  constructor(
    readonly violation: PhiViolation,
    field: "harvestedOn" | "appliedOn",
  ) {
    super("invalid", "errors.lot.phi", { field, params: { ingredient: violation.name, days: violation.days, earliest: violation.earliest } });
  }
}

const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32: no I, L, O, U
export const LOT_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** Ten characters of Crockford base 32 (50 random bits): short on a label, not guessable. */
export function newLotCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join("");
}

export type LotInputRow = {
  id: number;
  kind: "fertiliser" | "pesticide";
  name: string;
  activeIngredient: string | null;
  amount: string;
  appliedOn: string;
};

export type LotDetail = {
  id: number;
  code: string;
  product: string;
  categorySlug: string | null;
  plot: string;
  sownOn: string | null;
  harvestedOn: string | null;
  gtin: string | null;
  certifications: string[];
  scans: number;
  version: number;
  inputs: LotInputRow[];
};

function inputsOf(ex: Executor, lotId: number): Promise<LotInputRow[]> {
  return ex
    .select({
      id: lotInputs.id,
      kind: lotInputs.kind,
      name: lotInputs.name,
      activeIngredient: lotInputs.activeIngredient,
      amount: lotInputs.amount,
      appliedOn: lotInputs.appliedOn,
    })
    .from(lotInputs)
    .where(eq(lotInputs.lotId, lotId))
    .orderBy(asc(lotInputs.appliedOn), asc(lotInputs.id));
}

function sprays(inputs: LotInputRow[]) {
  return inputs.flatMap((i) => (i.kind === "pesticide" && i.activeIngredient ? [{ activeIngredient: i.activeIngredient, appliedOn: i.appliedOn }] : []));
}

const detailColumns = {
  id: lots.id,
  code: lots.code,
  product: lots.product,
  categorySlug: lots.categorySlug,
  plot: lots.plot,
  sownOn: lots.sownOn,
  harvestedOn: lots.harvestedOn,
  gtin: lots.gtin,
  certifications: lots.certifications,
  scans: lots.scans,
  version: lots.version,
};

/** One of the farm's lots with its inputs; null for any other farm's. The caller checked the policy. */
export async function getFarmLot(farmId: number, lotId: number): Promise<LotDetail | null> {
  const [row] = await db().select(detailColumns).from(lots).where(and(eq(lots.id, lotId), eq(lots.farmId, farmId)));
  if (!row) return null;
  return { ...row, inputs: await inputsOf(db(), row.id) };
}

export type LotRow = { id: number; code: string; product: string; plot: string; sownOn: string | null; harvestedOn: string | null; inputs: number; scans: number };

/** The farm's lots, newest first. One query. The caller checked the policy. */
export function listFarmLots(farmId: number): Promise<LotRow[]> {
  return db()
    .select({
      id: lots.id,
      code: lots.code,
      product: lots.product,
      plot: lots.plot,
      sownOn: lots.sownOn,
      harvestedOn: lots.harvestedOn,
      scans: lots.scans,
      inputs: sql<number>`(select count(*)::int from ${lotInputs} li where li.lot_id = ${lots}.${sql.identifier(lots.id.name)})`,
    })
    .from(lots)
    .where(eq(lots.farmId, farmId))
    .orderBy(desc(lots.createdAt), desc(lots.id));
}

/** The lots a listing of the farm may point to (the listing form's select). */
export function farmLotOptions(farmId: number): Promise<{ id: number; code: string; product: string; harvestedOn: string | null }[]> {
  return db()
    .select({ id: lots.id, code: lots.code, product: lots.product, harvestedOn: lots.harvestedOn })
    .from(lots)
    .where(eq(lots.farmId, farmId))
    .orderBy(desc(lots.createdAt), desc(lots.id));
}

/** Whether the lot is the farm's: a listing may point only to its own farm's lots. */
export async function isFarmLot(ex: Executor, farmId: number, lotId: number): Promise<boolean> {
  const [row] = await ex.select({ id: lots.id }).from(lots).where(and(eq(lots.id, lotId), eq(lots.farmId, farmId)));
  return row !== undefined;
}

function lotValues(input: LotInput) {
  return {
    product: input.product,
    categorySlug: input.categorySlug,
    plot: input.plot,
    sownOn: input.sownOn,
    harvestedOn: input.harvestedOn,
    gtin: input.gtin,
    certifications: [...input.certifications],
  };
}

function auditView(l: { product: string; plot: string; sownOn: string | null; harvestedOn: string | null }) {
  return { product: l.product, plot: l.plot, sownOn: l.sownOn, harvestedOn: l.harvestedOn };
}

/**
 * Records a lot of the farm. With `createKey` (the new-lot form's own key)
 * the same form posted twice makes one lot and answers it.
 */
export async function createLot(actor: Actor, farmId: number, input: LotInput, createKey?: string): Promise<{ id: number; code: string }> {
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "lot.manage", farmId, tx);
    const [row] = await tx
      .insert(lots)
      .values({ ...lotValues(input), farmId, code: newLotCode(), createKey: createKey ?? null })
      .onConflictDoNothing({ target: [lots.farmId, lots.createKey] })
      .returning({ id: lots.id, code: lots.code });
    if (!row) {
      const [made] = await tx.select({ id: lots.id, code: lots.code }).from(lots).where(and(eq(lots.farmId, farmId), eq(lots.createKey, createKey!)));
      return made;
    }
    await audit(tx, actor, { action: "lot.create", subject: { type: "lot", id: row.id }, farmId, relation, after: auditView(input) });
    return row;
  });
}

export type LotUpdate = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "stale"; current: LotDetail };

/**
 * Saves an edit of the farm's lot made on a form that showed `seenVersion`;
 * a harvest date inside a spray's interval is refused (PhiRefusal).
 */
export async function updateLot(actor: Actor, farmId: number, lotId: number, input: LotInput, seenVersion: number): Promise<LotUpdate> {
  const outcome = await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "lot.manage", farmId, tx);
    const [locked] = await tx
      .select({ version: lots.version, product: lots.product, plot: lots.plot, sownOn: lots.sownOn, harvestedOn: lots.harvestedOn })
      .from(lots)
      .where(and(eq(lots.id, lotId), eq(lots.farmId, farmId)))
      .for("update");
    if (!locked) return { ok: false as const, reason: "not_found" as const };
    if (locked.version !== seenVersion) return { ok: false as const, reason: "stale" as const };
    if (input.harvestedOn) {
      const violation = phiViolation(sprays(await inputsOf(tx, lotId)), input.harvestedOn);
      if (violation) throw new PhiRefusal(violation, "harvestedOn");
    }
    await tx.update(lots).set({ ...lotValues(input), updatedAt: new Date() }).where(eq(lots.id, lotId));
    await audit(tx, actor, { action: "lot.update", subject: { type: "lot", id: lotId }, farmId, relation, before: auditView(locked), after: auditView(input) });
    return { ok: true as const };
  });
  if (outcome.ok || outcome.reason === "not_found") return outcome;
  const current = await getFarmLot(farmId, lotId);
  return current ? { ok: false, reason: "stale", current } : { ok: false, reason: "not_found" };
}

/**
 * Adds what was applied to the farm's lot. A spray dated on or before a
 * harvest already recorded must leave that harvest outside its interval.
 */
export async function addLotInput(actor: Actor, farmId: number, lotId: number, input: LotInputInput): Promise<void> {
  await db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "lot.manage", farmId, tx);
    const [locked] = await tx
      .select({ harvestedOn: lots.harvestedOn, product: lots.product })
      .from(lots)
      .where(and(eq(lots.id, lotId), eq(lots.farmId, farmId)))
      .for("update");
    if (!locked) throw new DomainError("not_found", "errors.page.notFound");
    if (locked.harvestedOn && input.activeIngredient) {
      const violation = phiViolation([{ activeIngredient: input.activeIngredient, appliedOn: input.appliedOn }], locked.harvestedOn);
      if (violation) throw new PhiRefusal(violation, "appliedOn");
    }
    const [row] = await tx
      .insert(lotInputs)
      .values({ lotId, kind: input.kind, name: input.name, activeIngredient: input.activeIngredient, amount: input.amount, appliedOn: input.appliedOn, createdBy: actor.userId })
      .returning({ id: lotInputs.id });
    // An input changes the lot: an edit form opened before it is stale.
    await tx.update(lots).set({ updatedAt: new Date() }).where(eq(lots.id, lotId));
    await audit(tx, actor, {
      action: "lot.input",
      subject: { type: "lot", id: lotId },
      farmId,
      relation,
      after: { product: locked.product, kind: input.kind, name: input.name, activeIngredient: input.activeIngredient, appliedOn: input.appliedOn, inputId: row.id },
    });
  });
}

export type LotJourney = {
  harvestedOn: string | null;
  /** Orders with a line from this lot (cancelled, declined and expired ones aside), and the first one's day. */
  ordered: { count: number; firstOn: string | null };
  delivered: { count: number; firstOn: string | null };
};

export type PublicLot = Omit<LotDetail, "version" | "id" | "scans"> & {
  scans: number;
  categoryNameVi: string | null;
  categoryNameEn: string | null;
  farm: { name: string; slug: string; communeName: string; provinceName: string };
  journey: LotJourney;
};

const LIVE = sql`o.status not in ('cancelled', 'declined', 'expired', 'awaiting_payment', 'awaiting_approval')`;

async function journeyOf(lotId: number, harvestedOn: string | null): Promise<LotJourney> {
  // Days as Vietnam's calendar shows them; counts only: no buyer is named.
  const [row] = await db().execute<{ ordered: number; first_ordered: string | null; delivered: number; first_delivered: string | null }>(sql`
    select count(distinct o.id)::int as ordered,
      to_char(min(o.created_at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') as first_ordered,
      count(distinct o.id) filter (where o.status in ('delivered', 'completed'))::int as delivered,
      (select to_char(min(e.created_at at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') from ${orderEvents} e
        join ${orderItems} ei on ei.order_id = e.order_id where ei.lot_id = ${lotId} and e.to_status = 'delivered') as first_delivered
    from ${orderItems} oi join ${orders} o on o.id = oi.order_id
    where oi.lot_id = ${lotId} and ${LIVE}`);
  return {
    harvestedOn,
    ordered: { count: row?.ordered ?? 0, firstOn: row?.first_ordered ?? null },
    delivered: { count: row?.delivered ?? 0, firstOn: row?.first_delivered ?? null },
  };
}

/**
 * The public page of a lot, counting the visit: one UPDATE adds the scan and
 * returns the lot. Null when no lot has that code.
 */
export async function visitLot(code: string): Promise<PublicLot | null> {
  if (!LOT_CODE.test(code)) return null;
  const [hit] = await db().update(lots).set({ scans: sql`${lots.scans} + 1` }).where(eq(lots.code, code)).returning({ id: lots.id, scans: lots.scans });
  if (!hit) return null;
  const [row] = await db()
    .select({
      ...detailColumns,
      categoryNameVi: categories.nameVi,
      categoryNameEn: categories.nameEn,
      farm: { name: farms.name, slug: farms.slug, communeName: communes.name, provinceName: provinces.name },
    })
    .from(lots)
    .innerJoin(farms, eq(farms.id, lots.farmId))
    .innerJoin(communes, eq(communes.code, farms.communeCode))
    .innerJoin(provinces, eq(provinces.code, farms.provinceCode))
    .leftJoin(categories, eq(categories.slug, lots.categorySlug))
    .where(eq(lots.id, hit.id));
  const [inputs, journey] = await Promise.all([inputsOf(db(), hit.id), journeyOf(hit.id, row.harvestedOn)]);
  const { id: _id, version: _version, ...shown } = row;
  return { ...shown, scans: hit.scans, inputs, journey };
}

/**
 * A GS1 Digital Link (/01/<gtin>/10/<lot>) resolves when that lot carries that GTIN. The link may
 * write the GTIN with 8, 12, 13 or 14 digits (GS1 resolvers pad it to 14); its check digit must hold.
 */
export async function lotCodeForGtin(gtin: string, code: string): Promise<string | null> {
  const gtin14digits = /^\d{8,14}$/.test(gtin) ? gtin14(gtin) : null;
  if (gtin14digits === null || !LOT_CODE.test(code)) return null;
  const [row] = await db().select({ code: lots.code }).from(lots).where(and(eq(lots.code, code), eq(lots.gtin, gtin14digits), isNotNull(lots.gtin)));
  return row?.code ?? null;
}

/** The URL a lot's QR code carries: GS1 Digital Link's shape when it has a GTIN, /t/<code> otherwise. */
export function lotUrl(origin: string, lot: { code: string; gtin: string | null }): string {
  return lot.gtin ? `${origin}/01/${lot.gtin}/10/${lot.code}` : `${origin}/t/${lot.code}`;
}

/**
 * A QR code as an SVG image (a data URL for an <img>: no inline style or
 * script on the page), with the standard's 4-module quiet zone.
 */
export async function qrImage(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", margin: 4, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
