/**
 * Search documents are built from the database, the source of truth: one
 * query for any number of listings. A listing can be found when it is
 * active, not deleted, inside its harvest window, and has stock or opens
 * for pre-order later.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client";
import type { Unit } from "~/models/units";
import { todayIso } from "~/utils/dates";
import { PROVINCE_CENTRES } from "./geo";
import type { ListingDocument } from "./port";

type Row = {
  id: number;
  title: string;
  slug: string;
  variety: string;
  grade: string;
  description: string;
  category_slug: string;
  category_parent: string;
  category_names: string;
  farm_id: number;
  farm_name: string;
  farm_slug: string;
  province_code: string;
  province_name: string;
  commune_name: string;
  price_vnd: string | number;
  unit: Unit;
  in_stock: boolean;
  bulk: boolean;
  available_from: string | null;
  certs: string[];
  verified_farm: boolean;
  latitude: number | null;
  longitude: number | null;
  photo: ListingDocument["photo"];
  created_at: Date | string;
  rating_average: number | string | null;
  rating_count: number;
  searchable: boolean;
};

/**
 * The documents of the given listings that can be found, and the ids of
 * those that cannot (paused, deleted, sold out, expired, or gone).
 */
export async function loadDocuments(
  executor: Executor,
  listingIds: number[],
): Promise<{ documents: ListingDocument[]; hidden: number[] }> {
  if (listingIds.length === 0) return { documents: [], hidden: [] };
  const ids = [...new Set(listingIds.map((id) => Math.trunc(Number(id))).filter(Number.isSafeInteger))];
  const rows = await selectRows(executor, sql`l.id = any(${pgIntArray(ids)}::int[])`);
  const documents = rows.filter((r) => r.searchable).map(toDocument);
  const findable = new Set(documents.map((d) => d.id));
  return { documents, hidden: ids.filter((id) => !findable.has(id)) };
}

/**
 * Every findable document, oldest first, in batches: the source of a full
 * reindex. Oldest first so that the PostgreSQL engine writes its table in
 * the order of listing dates, which its relevance window reads newest first
 * (see postgres-engine.server.ts); new listings then keep that order.
 */
export async function* allDocuments(executor: Executor, batchSize = 2000): AsyncGenerator<ListingDocument[]> {
  const ids = await executor.execute<{ id: number }>(sql`
    select l.id from listings l where ${searchableSql()} order by l.created_at, l.id`);
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = pgIntArray(ids.slice(i, i + batchSize).map((r) => r.id));
    // Checked again: a listing may have been paused since the ids were read.
    const rows = await selectRows(executor, sql`l.id = any(${batch}::int[]) and ${searchableSql()}`);
    if (rows.length > 0) yield rows.map(toDocument);
  }
}

/** Ids of listings that can be found: what an exact index must hold. */
export async function findableListingIds(executor: Executor): Promise<number[]> {
  const rows = await executor.execute<{ id: number }>(sql`
    select l.id from listings l where ${searchableSql()} order by l.id`);
  return rows.map((r) => r.id);
}

/**
 * Ids as one array parameter ("{1,2,3}"), so the SQL text is the same
 * whatever their number and the prepared statement is reused.
 */
export function pgIntArray(ids: number[]): string {
  return `{${ids.map((id) => Math.trunc(Number(id))).filter(Number.isSafeInteger).join(",")}}`;
}

/**
 * Not stopped by the platform (decision 037): not hidden by a moderator, and
 * its farm's owner not suspended. `l` is the listing.
 */
export function unmoderatedSql() {
  return sql`(l.hidden_at is null and not exists (
    select 1 from farms sf join users su on su.id = sf.owner_id where sf.id = l.farm_id and su.suspended_at is not null))`;
}

function searchableSql() {
  const today = todayIso();
  return sql`(l.state = 'active' and l.deleted_at is null
    and (l.available_to is null or l.available_to >= ${today}::date)
    and (l.stock > 0 or l.available_from > ${today}::date)
    and ${unmoderatedSql()})`;
}

async function selectRows(executor: Executor, where: ReturnType<typeof sql>): Promise<Row[]> {
  const today = todayIso();
  const rows = await executor.execute<Row>(sql`
    select l.id, l.title, l.slug, l.variety, l.grade, l.description,
           l.category_slug, coalesce(c.parent_slug, c.slug) as category_parent,
           concat_ws(' ', c.name_vi, pc.name_vi) as category_names,
           f.id as farm_id, f.name as farm_name, f.slug as farm_slug,
           f.province_code, p.name as province_name, cm.name as commune_name,
           l.price_vnd, l.unit,
           (l.stock > 0 and (l.available_from is null or l.available_from <= ${today}::date)) as in_stock,
           (l.min_order_qty > 1 or exists (select 1 from listing_price_tiers t where t.listing_id = l.id)) as bulk,
           l.available_from::text as available_from,
           array(select distinct x from (
             select lc.type::text as x from listing_certifications lc
               where lc.listing_id = l.id and (lc.expires_on is null or lc.expires_on >= ${today}::date)
             union
             select fc.type::text from farm_certifications fc
               where fc.farm_id = f.id and (fc.expires_on is null or fc.expires_on >= ${today}::date)
           ) s order by x) as certs,
           (f.verification = 'verified') as verified_farm,
           f.latitude, f.longitude,
           (select json_build_object('id', ph.id, 'storageKey', ph.storage_key, 'width', ph.width, 'height', ph.height)
              from photos ph where ph.listing_id = l.id order by ph.position limit 1) as photo,
           l.created_at,
           (select round(avg(rr.stars), 1) from review_ratings rr join reviews rv on rv.id = rr.review_id
              where rr.listing_id = l.id and rv.hidden_at is null) as rating_average,
           (select count(*)::int from review_ratings rr join reviews rv on rv.id = rr.review_id
              where rr.listing_id = l.id and rv.hidden_at is null) as rating_count,
           ${searchableSql()} as searchable
    from listings l
    join farms f on f.id = l.farm_id
    join provinces p on p.code = f.province_code
    join communes cm on cm.code = f.commune_code
    join categories c on c.slug = l.category_slug
    left join categories pc on pc.slug = c.parent_slug
    where ${where}
    order by l.created_at, l.id`);
  return rows as unknown as Row[];
}

function toDocument(row: Row): ListingDocument {
  const centre = PROVINCE_CENTRES[row.province_code] ?? [16, 107];
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    variety: row.variety,
    grade: row.grade,
    description: row.description,
    categorySlug: row.category_slug,
    categoryParent: row.category_parent,
    categoryNames: row.category_names,
    farmId: row.farm_id,
    farmName: row.farm_name,
    farmSlug: row.farm_slug,
    provinceCode: row.province_code,
    provinceName: row.province_name,
    communeName: row.commune_name,
    priceVnd: Number(row.price_vnd),
    unit: row.unit,
    inStock: row.in_stock,
    bulk: row.bulk,
    availableFrom: row.available_from,
    certs: row.certs,
    verifiedFarm: row.verified_farm,
    latitude: row.latitude ?? centre[0],
    longitude: row.longitude ?? centre[1],
    photo: row.photo,
    createdAt: new Date(row.created_at).toISOString(),
    ratingAverage: Number(row.rating_average ?? 0),
    ratingCount: row.rating_count,
  };
}
