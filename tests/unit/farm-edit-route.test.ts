/**
 * The farm form posted from a page opened before the farm changed, or with
 * its version field missing or tampered with: refused with errors beside the
 * fields that differ (never a 500), typed values kept, the new version given.
 */
import { describe, expect, it } from "vitest";
import { as, createFarmer, LAM_DONG_COMMUNE } from "../factories";
import { getFarmByOwner, saveFarm } from "~/models/farm.server";
import { startSession } from "~/utils/session.server";
import { farmSchema } from "~/validation/farm";
import { action } from "~/routes/sell.farm";

const FIELDS = { name: "Vườn Hai Tab", kind: "household", provinceCode: "68", communeCode: LAM_DONG_COMMUNE, addressLine: "Tổ 7" };

async function post(cookie: string, fields: Record<string, string>) {
  const response = await action({
    request: new Request("http://x/sell/farm", { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }),
    params: {},
    context: {},
  });
  return response as Response | { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> }; version: string };
}

describe("saving the farm form", () => {
  it.each([
    ["opened before another tab renamed the farm", (v: number) => ({ version: String(v) })],
    ["without its version field", () => ({})],
    ["with a tampered version", () => ({ version: "-1; drop table farms" })],
  ])("%s: refused, fields named, typed values kept", async (_, hidden) => {
    const farmer = await createFarmer("Vườn Hai Tab");
    const cookie = (await startSession(farmer.id)).split(";")[0];
    const opened = farmer.farm.version;
    await saveFarm(as(farmer), farmer.farm.id, farmSchema.parse({ ...FIELDS, name: "Vườn Hai Tab Mới", addressLine: "" }), opened);
    const reply = await post(cookie, { ...FIELDS, ...hidden(opened) });
    expect(reply).not.toBeInstanceOf(Response);
    if (reply instanceof Response) return;
    expect(reply.result.error).toMatchObject({ "": ["staleEdit.farmTitle"], name: ["staleEdit.farmNow|Vườn Hai Tab Mới"], addressLine: ["staleEdit.farmEmptyNow"] });
    expect(reply.result.initialValue).toMatchObject({ name: "Vườn Hai Tab", addressLine: "Tổ 7" });
    const now = (await getFarmByOwner(farmer.id))!;
    expect(now).toMatchObject({ name: "Vườn Hai Tab Mới", addressLine: "" });
    expect(reply.version).toBe(String(now.version));
    // Submitted again as it came back: saved.
    const again = await post(cookie, { ...FIELDS, version: reply.version });
    expect(again).toBeInstanceOf(Response);
    expect(await getFarmByOwner(farmer.id)).toMatchObject({ name: "Vườn Hai Tab", addressLine: "Tổ 7" });
  });

  it("a reply with errors carries the version it was posted with, not the farm's newer one", async () => {
    const farmer = await createFarmer("Vườn Gõ Nhầm");
    const cookie = (await startSession(farmer.id)).split(";")[0];
    const opened = farmer.farm.version;
    await saveFarm(as(farmer), farmer.farm.id, farmSchema.parse({ ...FIELDS, name: "Vườn Gõ Nhầm Mới" }), opened);
    const reply = await post(cookie, { ...FIELDS, name: "V", version: String(opened) });
    if (reply instanceof Response) throw new Error("saved");
    expect(reply.result.error).toMatchObject({ name: ["errors.farmName.tooShort"] });
    expect(reply.version).toBe(String(opened));
  });
});
