-- Cash on delivery is paid at delivery (the farmer takes the cash). Orders
-- delivered or completed before that was recorded are marked paid now, with
-- a "cash_collected" entry on their timeline by the farmer, dated at delivery.
-- Their ledger entries stay as they are: cash orders already left the farm
-- the fee to owe, whatever their payment status said.
WITH collected AS (
  UPDATE "orders" SET "payment_status" = 'paid'
  WHERE "payment_method" = 'cod' AND "payment_status" = 'unpaid' AND "status" IN ('delivered', 'completed')
  RETURNING "id", "farm_id", "updated_at"
)
INSERT INTO "order_events" ("order_id", "actor_id", "kind", "created_at")
SELECT c."id", f."owner_id", 'cash_collected',
  coalesce((SELECT e."created_at" FROM "order_events" e WHERE e."order_id" = c."id" AND e."to_status" = 'delivered' ORDER BY e."id" LIMIT 1), c."updated_at")
FROM collected c JOIN "farms" f ON f."id" = c."farm_id";
