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

/** The photos `where` picks, in their order, as photoView takes them. */
export function photosJson(where: SQL): SQL<PhotoRow[]> {
  return sql<PhotoRow[]>`coalesce((
    select json_agg(json_build_object('id', p.id, 'storageKey', p.storage_key, 'width', p.width, 'height', p.height) order by p.position)
    from ${photos} p where ${where}), '[]')`;
}

/** The certifications of `table` (listing_certifications, farm_certifications) that `where` picks, oldest first; dates as YYYY-MM-DD. */
export function certificationsJson(table: PgTable, where: SQL): SQL<CertificationInput[]> {
  return sql<CertificationInput[]>`coalesce((
    select json_agg(json_build_object('type', c.type, 'number', c.number, 'issuer', c.issuer, 'expiresOn', c.expires_on, 'stars', c.stars) order by c.id)
    from ${table} c where ${where}), '[]')`;
}
