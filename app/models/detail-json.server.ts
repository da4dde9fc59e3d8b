/**
 * A detail page's child rows — photos, certifications — as JSON arrays inside
 * the parent's own row: the listing and farm pages read their parent and its
 * children in one query instead of one per kind (issue 16). `where` names the
 * children by the aliases below (`p` for photos, `c` for certifications) and
 * the parent by a column qualified by hand, since in a query of one table
 * Drizzle writes its columns bare.
 */
import { sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { photos } from "../../db/schema";
import type { CertificationInput } from "~/validation/fields";

export type PhotoRow = { id: string; storageKey: string; width: number; height: number };

/** One photo, of the alias `p`, as photoView takes it. */
export function photoObject(): SQL<PhotoRow> {
  return sql<PhotoRow>`json_build_object('id', p.id, 'storageKey', p.storage_key, 'width', p.width, 'height', p.height)`;
}

/**
 * The photos `where` picks, in their order, as photoView takes them: a
 * listing's or farm's own (`photos p`, by position), or through a table that
 * orders them itself (a review's: `from` joins it, `orderBy` is its position).
 */
export function photosJson(where: SQL, { from = sql`${photos} p`, orderBy = sql`p.position` }: { from?: SQL; orderBy?: SQL } = {}): SQL<PhotoRow[]> {
  return sql<PhotoRow[]>`coalesce((select json_agg(${photoObject()} order by ${orderBy}) from ${from} where ${where}), '[]')`;
}

/** The certifications of `table` (listing_certifications, farm_certifications) that `where` picks, oldest first; dates as YYYY-MM-DD. */
export function certificationsJson(table: PgTable, where: SQL): SQL<CertificationInput[]> {
  return sql<CertificationInput[]>`coalesce((
    select json_agg(json_build_object('type', c.type, 'number', c.number, 'issuer', c.issuer, 'expiresOn', c.expires_on, 'stars', c.stars) order by c.id)
    from ${table} c where ${where}), '[]')`;
}
