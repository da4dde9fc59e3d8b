/**
 * The configured port: SMS_PROVIDER and the ESMS_* variables, read by
 * env.server.ts, make the adapter; eSMS is answered at its HTTP edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "~/validation/zod"; // the forms' zod settings, loaded as in the server
import { ESMS_TEST_ACCOUNT, serveFakeEsms } from "../../tests/handlers/esms";
import { parseEnv } from "~/utils/env.server";
import { consoleMessaging } from "./console.server";
import { messagingFor } from "./index.server";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
beforeAll(async () => {
  edge = await serveFakeEsms();
});
afterAll(() => edge.close());

const esmsEnv = (more: Record<string, string> = {}) => ({
  SMS_PROVIDER: "esms",
  ESMS_API_KEY: ESMS_TEST_ACCOUNT.apiKey,
  ESMS_SECRET_KEY: ESMS_TEST_ACCOUNT.secretKey,
  ESMS_BRANDNAME: ESMS_TEST_ACCOUNT.brandname,
  ...more,
});

describe("configuration of text messages", () => {
  it("is the console adapter when no provider is configured", () => {
    const env = parseEnv({});
    expect(env.SMS_PROVIDER).toBe("console");
    expect(messagingFor(env).name).toBe("console");
  });

  it("is eSMS with its keys, sending to ESMS_BASE_URL", async () => {
    const env = parseEnv(esmsEnv({ ESMS_BASE_URL: edge.baseUrl, ESMS_SANDBOX: "true", ESMS_TIMEOUT_MS: "1500" }));
    expect(env).toMatchObject({ ESMS_SANDBOX: true, ESMS_TIMEOUT_MS: 1500 });
    const port = messagingFor(env);
    expect(port.name).toBe("esms");
    await port.send({ to: "84912345678", text: "Nông Sản Số: mã xác nhận của bạn là 123456, hiệu lực 10 phút.", purpose: "default" });
    expect(edge.fake.requests.at(-1)!.body).toMatchObject({ ApiKey: ESMS_TEST_ACCOUNT.apiKey, Sandbox: "1", Phone: "0912345678" });
    expect(parseEnv(esmsEnv()).ESMS_BASE_URL).toBe("https://rest.esms.vn/MainService.svc/json/");
  });

  it("stops the start when eSMS is chosen without its keys, naming each", () => {
    expect(() => parseEnv({ SMS_PROVIDER: "esms" })).toThrow(/ESMS_API_KEY: required with SMS_PROVIDER=esms[\s\S]*ESMS_SECRET_KEY[\s\S]*ESMS_BRANDNAME/);
    expect(() => parseEnv({ SMS_PROVIDER: "twilio" })).toThrow(/SMS_PROVIDER/);
    expect(() => parseEnv(esmsEnv({ ESMS_BRANDNAME: "A brandname far too long" }))).toThrow(/ESMS_BRANDNAME: a registered brandname/);
    expect(() => parseEnv(esmsEnv({ ESMS_API_KEY: "short" }))).toThrow(/ESMS_API_KEY/);
    expect(() => parseEnv(esmsEnv({ ESMS_TIMEOUT_MS: "50" }))).toThrow(/ESMS_TIMEOUT_MS/);
  });

  it("allows the imitation (SMS_FAKE) only in front of a local address", () => {
    expect(() => parseEnv(esmsEnv({ SMS_FAKE: "true" }))).toThrow(/SMS_FAKE: needs SMS_PROVIDER=esms and ESMS_BASE_URL on localhost/);
    expect(() => parseEnv({ SMS_FAKE: "true" })).toThrow(/SMS_FAKE/);
    expect(parseEnv(esmsEnv({ SMS_FAKE: "true", ESMS_BASE_URL: "http://localhost:3210/__esms/" })).SMS_FAKE).toBe(true);
  });
});

describe("console adapter", () => {
  it("writes the message to the log and keeps the last few per phone", async () => {
    const lines: string[] = [];
    const port = consoleMessaging((line) => lines.push(line));
    expect(port.lastMessageTo("84912345678")).toBeUndefined();
    for (let i = 1; i <= 7; i++) await port.send({ to: "84912345678", text: `tin ${i}`, purpose: "default" });
    const other = await port.send({ to: "84387654321", text: "tin khác", purpose: "consent" });
    expect(port.lastMessageTo("84912345678")).toMatchObject({ text: "tin 7", purpose: "default" });
    expect(port.lastMessageTo("84387654321")).toMatchObject({ text: "tin khác", providerId: other.providerId });
    expect(lines).toHaveLength(8);
    expect(lines[7]).toBe("Message (not sent: console adapter) to 84387654321 [consent]: tin khác");
  });
});
