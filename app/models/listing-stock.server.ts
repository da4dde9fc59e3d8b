/**
 * Stock and prices of many listings at once (the JSON API's bulk update,
 * decision 044). Invariants:
 * - one transaction: every line is applied, or none; each refused line is
 *   named (lines.<i>.<field>) with why, all of them at once;
 * - the listings are locked in id order, the lock checkouts take, so no
 *   sale slips between the check and the write; a line carrying the version
 *   it read is refused when the listing changed since (decision 016);
 * - the rules are the listing form's: a price stays above every volume
 *   tier's price; stock 0 makes an active listing sold out and stock makes a
 *   sold-out one active again; drafts, paused and expired listings keep
 *   their state;
 * - each change is on the farm's activity (audit) and noted for search.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { db } from "../../db/client";
import { listingPriceTiers, listings } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizeFarm } from "~/policy/authorize.server";
import type { Actor } from "~/policy/policy";
import { recordSearchChange } from "~/search/outbox.server";
import { parseQuantity, quantityToSql, type Unit } from "./units";

export type StockLine = { listingId: number; stock?: number; priceVnd?: number; version?: number };
export type StockRow = { id: number; title: string; unit: Unit; priceVnd: number; stock: number; state: string; version: number };
export type LineProblem = { field: string; code: string };
export type StockUpdate = { ok: true; rows: StockRow[] } | { ok: false; kind: "invalid" | "conflict"; errors: LineProblem[] };

const COLUMNS = { id: listings.id, title: listings.title, unit: listings.unit, priceVnd: listings.priceVnd, stock: listings.stock, state: listings.state, version: listings.version };

function toRow(r: { id: number; title: string; unit: Unit; priceVnd: number; stock: string; state: string; version: number }): StockRow {
  return { ...r, stock: parseQuantity(r.stock) };
}

/** The farm's listings (deleted ones excluded), with the version an update may carry. The caller checked the policy. */
export async function farmStock(farmId: number): Promise<StockRow[]> {
  const rows = await db()
    .select(COLUMNS)
    .from(listings)
    .where(and(eq(listings.farmId, farmId), isNull(listings.deletedAt)))
    .orderBy(asc(listings.id));
  return rows.map(toRow);
}

export async function updateStockAndPrices(actor: Actor, farmId: number, lines: StockLine[]): Promise<StockUpdate> {
  return db().transaction(async (tx) => {
    const relation = await authorizeFarm(actor, "listing.manage", farmId, tx);
    const ids = lines.map((l) => l.listingId).sort((a, b) => a - b);
    const locked = await tx
      .select(COLUMNS)
      .from(listings)
      .where(and(inArray(listings.id, ids), eq(listings.farmId, farmId), isNull(listings.deletedAt)))
      .orderBy(asc(listings.id))
      .for("update");
    const tiers = await tx.select().from(listingPriceTiers).where(inArray(listingPriceTiers.listingId, ids));
    const byId = new Map(locked.map((l) => [l.id, l]));
    const errors: LineProblem[] = [];
    let conflict = false;
    lines.forEach((line, i) => {
      const listing = byId.get(line.listingId);
      // Another farm's listing is as unknown as one that never was.
      if (!listing) return errors.push({ field: `lines.${i}.listingId`, code: "errors.api.listingNotFound" });
      if (line.version !== undefined && line.version !== listing.version) {
        conflict = true;
        return errors.push({ field: `lines.${i}.version`, code: "errors.api.listingChanged" });
      }
      if (line.priceVnd !== undefined && tiers.some((t) => t.listingId === listing.id && t.priceVnd >= line.priceVnd!)) {
        errors.push({ field: `lines.${i}.priceVnd`, code: "errors.tier.priceNotFalling" });
      }
    });
    if (errors.length) return { ok: false as const, kind: conflict && errors.every((e) => e.field.endsWith(".version")) ? ("conflict" as const) : ("invalid" as const), errors };

    const updated = await Promise.all(
      lines.map(async (line) => {
        const before = byId.get(line.listingId)!;
        const stock = line.stock ?? parseQuantity(before.stock);
        const state = before.state === "active" && stock === 0 ? "sold_out" : before.state === "sold_out" && stock > 0 ? "active" : before.state;
        const [row] = await tx
          .update(listings)
          .set({ stock: quantityToSql(stock), priceVnd: line.priceVnd ?? before.priceVnd, state, updatedAt: new Date() })
          .where(eq(listings.id, line.listingId))
          .returning(COLUMNS);
        await audit(tx, actor, {
          action: "listing.update",
          subject: { type: "listing", id: before.id },
          farmId,
          relation,
          before: { title: before.title, priceVnd: before.priceVnd, stock: parseQuantity(before.stock), unit: before.unit, state: before.state },
          after: { title: row.title, priceVnd: row.priceVnd, stock: parseQuantity(row.stock), unit: row.unit, state: row.state },
        });
        return toRow(row);
      }),
    );
    await recordSearchChange(tx, ids);
    return { ok: true as const, rows: updated };
  });
}
