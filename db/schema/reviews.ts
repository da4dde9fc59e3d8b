import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { listings } from "./listings";
import { orders } from "./orders";
import { photos } from "./photos";
import { users } from "./users";

/**
 * Reviews (issue 14, decision 040): the buyer of a completed order reviews
 * that order's farm once, within 30 days of completion; the farm replies
 * once; a moderator may hide a review (it then leaves every average).
 */
export const reviews = pgTable(
  "reviews",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // One review per order: the unique key refuses a second, even posted twice at once.
    orderId: integer("order_id")
      .notNull()
      .unique("reviews_order_key")
      .references(() => orders.id, { onDelete: "cascade" }),
    farmId: integer("farm_id")
      .notNull()
      .references(() => farms.id, { onDelete: "cascade" }),
    buyerId: integer("buyer_id")
      .notNull()
      .references(() => users.id),
    stars: smallint("stars").notNull(),
    body: text("body").notNull().default(""),
    reply: text("reply"),
    repliedBy: integer("replied_by").references(() => users.id),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenBy: integer("hidden_by").references(() => users.id),
    hiddenReason: text("hidden_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reviews_farm_idx").on(t.farmId, t.createdAt),
    check("reviews_stars_range", sql`${t.stars} between 1 and 5`),
    check("reviews_reply_whole", sql`(${t.reply} is null) = (${t.repliedAt} is null)`),
  ],
);

/** The stars a review gives each listing of its order: the review's own unless the buyer rated the line apart. */
export const reviewRatings = pgTable(
  "review_ratings",
  {
    reviewId: integer("review_id")
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    listingId: integer("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    stars: smallint("stars").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.listingId] }),
    index("review_ratings_listing_idx").on(t.listingId),
    check("review_ratings_stars_range", sql`${t.stars} between 1 and 5`),
  ],
);

/** A review's photos, in order; a photo is one review's only. */
export const reviewPhotos = pgTable(
  "review_photos",
  {
    reviewId: integer("review_id")
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    photoId: uuid("photo_id")
      .notNull()
      .unique("review_photos_photo_key")
      .references(() => photos.id),
    position: smallint("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.photoId] })],
);
