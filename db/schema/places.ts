import { index, pgTable, smallint, text } from "drizzle-orm/pg-core";

// The two-level administrative units in force since 2025-07-01, loaded from
// db/data/vn-admin-units-2025.json by db/reference-data.ts on every migrate.
export const provinces = pgTable("provinces", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  type: text("type").notNull(),
});

export const communes = pgTable(
  "communes",
  {
    code: text("code").primaryKey(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    name: text("name").notNull(),
    type: text("type").notNull(),
  },
  (t) => [index("communes_province_idx").on(t.provinceCode)],
);

// The produce taxonomy, loaded from db/data/categories.ts on every migrate.
export const categories = pgTable("categories", {
  slug: text("slug").primaryKey(),
  parentSlug: text("parent_slug"),
  nameVi: text("name_vi").notNull(),
  nameEn: text("name_en").notNull(),
  position: smallint("position").notNull().default(0),
});
