import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import "~/validation/zod"; // the forms' zod settings, loaded as in the server
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

  it("says what is wrong in words, not the forms' i18n key", () => {
    expect(() => parseEnv({ PORT: "tám nghìn" })).toThrow(/PORT: Invalid input: expected number/);
    expect(() => parseEnv({ PORT: "tám nghìn" })).not.toThrow(/errors\.form/);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
    expect(parseEnv({ DEMO_DATA: "false" }).DEMO_DATA).toBe(false);
  });
});

describe("TRUST_PROXY: which proxies may name the client", () => {
  it("takes what Express takes, except trusting everyone", () => {
    expect(parseEnv({}).TRUST_PROXY).toEqual(["loopback"]);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7" }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "2001:db8::/32",
      "192.0.2.7",
    ]);
    for (const bad of ["true", "everyone", "10.0.0.0/33", "2001:db8::/129", "10.0.0.300", "10.0.0.0/8/1", "-1"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it("decides whose X-Forwarded-For Express believes", async () => {
    async function clientAddress(trustProxy: string, forwardedFor: string): Promise<string> {
      const app = express();
      app.set("trust proxy", parseEnv({ TRUST_PROXY: trustProxy }).TRUST_PROXY);
      app.get("/", (req, res) => void res.send(req.ip));
      const server = app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await (await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": forwardedFor } })).text();
      } finally {
        server.close();
      }
    }
    // This test's requests come from 127.0.0.1, a proxy on loopback as far as the app can tell.
    expect(await clientAddress("loopback", "198.51.100.1, 203.0.113.5")).toBe("203.0.113.5");
    expect(await clientAddress("false", "203.0.113.5")).toBe("127.0.0.1");
    expect(await clientAddress("10.0.0.0/8", "203.0.113.5")).toBe("127.0.0.1");
    expect(await clientAddress("2", "198.51.100.1, 203.0.113.5")).toBe("198.51.100.1");
  });
});
