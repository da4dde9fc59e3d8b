import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("configuration", () => {
  it("has defaults that run the embedded demo", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, EMBEDDED_PG_DIR: ".data/pg", UPLOAD_DIR: ".data/uploads", NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("stops on a bad value with a message naming the variable", () => {
    expect(() => parseEnv({ PORT: "tám nghìn" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL: must start with postgres/);
    expect(() => parseEnv({ DEMO_DATA: "maybe" })).toThrow(/DEMO_DATA/);
    expect(() => parseEnv({ PUBLIC_URL: "not a url" })).toThrow(/PUBLIC_URL/);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
    expect(parseEnv({ DEMO_DATA: "false" }).DEMO_DATA).toBe(false);
  });
});
