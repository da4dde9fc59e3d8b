-- The adoption figures (issue 13, decision 038): two materialised views, refreshed CONCURRENTLY by a
-- scheduled job (app/models/insights.server.ts refreshInsights), read by /ops/insights. `as_of` is the
-- start of the refresh that computed the row: every figure is as of that instant.
-- Orders counted ("sales"): placed, accepted, packed, shipped, delivered, completed — not
-- awaiting_payment (no money yet), declined, cancelled or expired. An order counts where its farm is.
-- Keys: province_code '' = the whole country; commune_code '' = the whole province.
CREATE MATERIALIZED VIEW "insights_areas" AS
WITH counted AS (
  SELECT o.id, o.buyer_id, o.company_id, o.total_vnd, o.created_at, o.farm_id, f.province_code, f.commune_code
  FROM orders o JOIN farms f ON f.id = o.farm_id
  WHERE o.status IN ('placed', 'accepted', 'packed', 'shipped', 'delivered', 'completed')
),
first_orders AS (
  SELECT farm_id, min(created_at) AS first_order_at FROM counted GROUP BY farm_id
),
listing_facts AS (
  SELECT farm_id, min(created_at) AS first_listed_at,
         bool_or(state = 'active' AND deleted_at IS NULL AND hidden_at IS NULL) AS listed
  FROM listings GROUP BY farm_id
),
helped AS (
  SELECT DISTINCT farm_id FROM consents
  WHERE granted_at IS NOT NULL AND withdrawn_at IS NULL AND expires_at > now()
),
farm_rollup AS (
  SELECT coalesce(f.province_code, '') AS province_code, coalesce(f.commune_code, '') AS commune_code,
         count(*) FILTER (WHERE f.kind = 'household') AS households,
         count(*) FILTER (WHERE f.kind = 'household' AND lf.listed) AS households_listed,
         count(*) FILTER (WHERE f.kind = 'household' AND h.farm_id IS NOT NULL) AS households_helped,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fo.first_order_at - lf.first_listed_at) / 3600)
           FILTER (WHERE fo.first_order_at >= lf.first_listed_at) AS median_hours_to_first_order
  FROM farms f
  LEFT JOIN listing_facts lf ON lf.farm_id = f.id
  LEFT JOIN first_orders fo ON fo.farm_id = f.id
  LEFT JOIN helped h ON h.farm_id = f.id
  GROUP BY GROUPING SETS ((), (f.province_code), (f.province_code, f.commune_code))
),
order_rollup AS (
  SELECT coalesce(province_code, '') AS province_code, coalesce(commune_code, '') AS commune_code,
         count(*) AS orders, sum(total_vnd) AS sales_vnd,
         sum(total_vnd) FILTER (WHERE company_id IS NOT NULL) AS business_sales_vnd,
         count(DISTINCT company_id) AS businesses
  FROM counted
  GROUP BY GROUPING SETS ((), (province_code), (province_code, commune_code))
),
buyer_rollup AS (
  SELECT province_code, commune_code, count(*) AS buyers, count(*) FILTER (WHERE n >= 2) AS repeat_buyers
  FROM (
    SELECT buyer_id, coalesce(province_code, '') AS province_code, coalesce(commune_code, '') AS commune_code, count(*) AS n
    FROM counted
    GROUP BY GROUPING SETS ((buyer_id), (buyer_id, province_code), (buyer_id, province_code, commune_code))
  ) per_buyer
  GROUP BY province_code, commune_code
)
SELECT a.province_code, a.commune_code, now() AS as_of,
       coalesce(fr.households, 0)::int AS households,
       coalesce(fr.households_listed, 0)::int AS households_listed,
       coalesce(fr.households_helped, 0)::int AS households_helped,
       coalesce(br.buyers, 0)::int AS buyers,
       coalesce(br.repeat_buyers, 0)::int AS repeat_buyers,
       coalesce(orr.businesses, 0)::int AS businesses,
       coalesce(orr.orders, 0)::int AS orders,
       coalesce(orr.sales_vnd, 0)::bigint AS sales_vnd,
       coalesce(orr.business_sales_vnd, 0)::bigint AS business_sales_vnd,
       fr.median_hours_to_first_order
FROM (SELECT province_code, commune_code FROM farm_rollup UNION SELECT province_code, commune_code FROM order_rollup) a
LEFT JOIN farm_rollup fr ON fr.province_code = a.province_code AND fr.commune_code = a.commune_code
LEFT JOIN order_rollup orr ON orr.province_code = a.province_code AND orr.commune_code = a.commune_code
LEFT JOIN buyer_rollup br ON br.province_code = a.province_code AND br.commune_code = a.commune_code;
--> statement-breakpoint
CREATE UNIQUE INDEX "insights_areas_key" ON "insights_areas" ("province_code", "commune_code");
--> statement-breakpoint
-- By ISO week (Monday to Sunday in Vietnam's time), at the same three levels.
CREATE MATERIALIZED VIEW "insights_weeks" AS
WITH counted AS (
  SELECT o.buyer_id, o.company_id, o.total_vnd, f.province_code, f.commune_code,
         date_trunc('week', o.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS week
  FROM orders o JOIN farms f ON f.id = o.farm_id
  WHERE o.status IN ('placed', 'accepted', 'packed', 'shipped', 'delivered', 'completed')
),
weekly_orders AS (
  SELECT coalesce(province_code, '') AS province_code, coalesce(commune_code, '') AS commune_code, week,
         count(*) AS orders, sum(total_vnd) AS sales_vnd,
         sum(total_vnd) FILTER (WHERE company_id IS NOT NULL) AS business_sales_vnd,
         count(DISTINCT buyer_id) AS buyers
  FROM counted
  GROUP BY GROUPING SETS ((week), (province_code, week), (province_code, commune_code, week))
),
weekly_households AS (
  SELECT coalesce(province_code, '') AS province_code, coalesce(commune_code, '') AS commune_code, week,
         count(*) AS new_households
  FROM (SELECT province_code, commune_code, date_trunc('week', created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS week
        FROM farms WHERE kind = 'household') f
  GROUP BY GROUPING SETS ((week), (province_code, week), (province_code, commune_code, week))
)
SELECT province_code, commune_code, week, now() AS as_of,
       coalesce(h.new_households, 0)::int AS new_households,
       coalesce(o.orders, 0)::int AS orders,
       coalesce(o.sales_vnd, 0)::bigint AS sales_vnd,
       coalesce(o.business_sales_vnd, 0)::bigint AS business_sales_vnd,
       coalesce(o.buyers, 0)::int AS buyers
FROM weekly_orders o FULL JOIN weekly_households h USING (province_code, commune_code, week);
--> statement-breakpoint
CREATE UNIQUE INDEX "insights_weeks_key" ON "insights_weeks" ("province_code", "commune_code", "week");
