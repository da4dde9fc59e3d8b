import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createFarmer } from "../tests/factories";
import { db } from "./client";
import { removeReplacementCharacters } from "./repair-text";
import { farms } from "./schema";

describe("removeReplacementCharacters", () => {
  it("gives back text stored with the renderer's broken bytes and leaves the rest alone", async () => {
    const broken = await createFarmer();
    const clean = await createFarmer("Vườn cà phê Cầu Đất");
    await db()
      .update(farms)
      .set({ addressLine: "x\uFFFDóm Bến", story: "Gạo và ngũ c\uFFFD\uFFFDốc" })
      .where(eq(farms.id, broken.farm.id));

    const repaired = await removeReplacementCharacters(db());

    expect(repaired).toEqual([
      { table: "farms", column: "address_line", rows: 1 },
      { table: "farms", column: "story", rows: 1 },
    ]);
    const [fixed] = await db().select().from(farms).where(eq(farms.id, broken.farm.id));
    expect([fixed!.addressLine, fixed!.story]).toEqual(["xóm Bến", "Gạo và ngũ cốc"]);
    const [untouched] = await db().select().from(farms).where(eq(farms.id, clean.farm.id));
    expect(untouched!.name).toBe("Vườn cà phê Cầu Đất");
    expect(await removeReplacementCharacters(db())).toEqual([]);
  });
});
