import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "./zod";
import { normalizeCode, oneTimeCodeField } from "./one-time-code";

describe("the one-time code field", () => {
  it("takes 6 digits as people type them", () => {
    expect(normalizeCode("482913")).toBe("482913");
    expect(normalizeCode(" 482 913 ")).toBe("482913");
    expect(normalizeCode("482-913")).toBe("482913");
    for (const bad of ["", "48291", "4829134", "48291a", "４８２９１３", "482913\u0000"]) expect(normalizeCode(bad), bad).toBeNull();
  });

  it("names the field code with an i18n key, and keeps what was typed", () => {
    const schema = z.object({ code: oneTimeCodeField });
    const form = new FormData();
    form.set("code", "12 34");
    const bad = parseWithZod(form, { schema });
    expect(bad.status).toBe("error");
    expect(bad.reply().error).toEqual({ code: ["errors.code.format"] });
    expect(bad.reply().initialValue).toEqual({ code: "12 34" });
    const empty = parseWithZod(new FormData(), { schema });
    expect(empty.reply().error).toEqual({ code: ["errors.code.format"] });
    form.set("code", "123 456");
    const good = parseWithZod(form, { schema });
    expect(good.status === "success" && good.value).toEqual({ code: "123456" });
  });
});
