import { index, integer, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { farms } from "./farms";
import { listings } from "./listings";
import { users } from "./users";

// An uploaded photo. It is uploaded before the form that uses it is valid, so
// a photo starts unattached (farm and listing null) and is attached when its
// form saves; unattached photos older than a day may be swept.
export const photos = pgTable(
  "photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    uploaderId: integer("uploader_id")
      .notNull()
      .references(() => users.id),
    farmId: integer("farm_id").references(() => farms.id, { onDelete: "cascade" }),
    listingId: integer("listing_id").references(() => listings.id, { onDelete: "cascade" }),
    position: smallint("position").notNull().default(0),
    // Key in the photo store; variants are named from it.
    storageKey: text("storage_key").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("photos_listing_idx").on(t.listingId, t.position),
    index("photos_farm_idx").on(t.farmId, t.position),
  ],
);
