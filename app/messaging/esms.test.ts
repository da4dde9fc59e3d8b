/**
 * The eSMS adapter at its HTTP edge: a real HTTP server on 127.0.0.1
 * (tests/handlers/esms.ts) answers as eSMS documents; the adapter's requests
 * are read off the wire.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ESMS_TEST_ACCOUNT, serveFakeEsms } from "../../tests/handlers/esms";
import { esmsMessaging, type EsmsConfig } from "./esms.server";
import { MessagingError } from "./port";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
beforeAll(async () => {
  edge = await serveFakeEsms();
});
afterAll(() => edge.close());
beforeEach(() => {
  edge.fake.requests.length = 0;
  edge.fake.overrides.length = 0;
});

const CODE_TEXT = "Nông Sản Số: mã xác nhận của bạn là 482913, hiệu lực 10 phút.";
const adapter = (overrides: Partial<EsmsConfig> = {}) => esmsMessaging({ ...ESMS_TEST_ACCOUNT, baseUrl: edge.baseUrl, ...overrides });

async function refusal(promise: Promise<unknown>): Promise<MessagingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MessagingError);
  return error as MessagingError;
}

describe("eSMS adapter: what it sends", () => {
  it("posts the documented JSON body to SendMultipleMessage_V4_post_json/ and answers with the SMSID", async () => {
    const sent = await adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent", requestId: "otc-1-abcd" });

    expect(edge.fake.requests).toHaveLength(1);
    const [request] = edge.fake.requests;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.accept).toBe("application/json");
    expect(request.body).toEqual({
      ApiKey: ESMS_TEST_ACCOUNT.apiKey,
      SecretKey: ESMS_TEST_ACCOUNT.secretKey,
      Phone: "0912345678",
      Content: CODE_TEXT,
      Brandname: ESMS_TEST_ACCOUNT.brandname,
      SmsType: "2",
      IsUnicode: "1",
      Sandbox: "0",
      RequestId: "otc-1-abcd",
      campaignid: "consent",
    });
    expect(sent.providerId).toMatch(/^[0-9a-f]{32}156$/);
    expect(edge.fake.lastMessageTo("84912345678")).toMatchObject({ content: CODE_TEXT, smsId: sent.providerId });
  });

  it("marks plain ASCII text as not Unicode, the sandbox when asked, and a fresh RequestId when none is given", async () => {
    const plain = "Nong San So: ma xac nhan cua ban la 482913, hieu luc 10 phut.";
    // Not a registered template (eSMS answers 146), but the request is what is looked at here.
    await adapter({ sandbox: true }).send({ to: "84387654321", text: plain, purpose: "default" }).catch(() => undefined);
    await adapter({ sandbox: true }).send({ to: "84387654321", text: plain, purpose: "default" }).catch(() => undefined);
    const [first, second] = edge.fake.requests.map((r) => r.body as Record<string, string>);
    expect(first).toMatchObject({ Phone: "0387654321", IsUnicode: "0", Sandbox: "1" });
    expect(first.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.RequestId).not.toBe(first.RequestId);
  });

  it("takes a base URL with or without its final slash", async () => {
    await adapter({ baseUrl: edge.baseUrl.replace(/\/$/, "") }).send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" });
    expect(edge.fake.requests).toHaveLength(1);
  });

  it("refuses a number that is not Vietnamese without calling eSMS", async () => {
    const error = await refusal(adapter().send({ to: "12025550143", text: CODE_TEXT, purpose: "consent" }));
    expect(error.kind).toBe("recipient");
    expect(edge.fake.requests).toHaveLength(0);
  });
});

describe("eSMS adapter: eSMS's refusals as MessagingError", () => {
  it("wrong keys (101) → account, with neither key in the message", async () => {
    const error = await refusal(adapter({ secretKey: "not-the-secret-key" }).send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }));
    expect(error).toMatchObject({ kind: "account", providerCode: "101", provider: "esms", retryable: false });
    expect(error.message).toContain("Authorize Failed");
    expect(error.message).not.toContain("not-the-secret-key");
    expect(error.message).not.toContain(ESMS_TEST_ACCOUNT.apiKey);
  });

  it("an unregistered brandname (104) and a text matching no template (146) → account", async () => {
    expect(await refusal(adapter({ brandname: "OtherBrand" }).send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({
      kind: "account",
      providerCode: "104",
    });
    expect(await refusal(adapter().send({ to: "84912345678", text: "Mã của bạn: 482913", purpose: "consent" }))).toMatchObject({
      kind: "account",
      providerCode: "146",
    });
  });

  it("a number eSMS refuses (108) or has blocked (99) → recipient", async () => {
    // 84 + 9 digits, but a landline prefix: eSMS's format check refuses it.
    expect(await refusal(adapter().send({ to: "84212345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "recipient", providerCode: "108" });
    edge.fake.overrides.push({ kind: "code", code: "99", message: "Phone is blocked" });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "recipient", providerCode: "99" });
  });

  it("a RequestId used before (124) → duplicate: a retried send is not sent twice", async () => {
    const before = edge.fake.messages.length;
    await adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent", requestId: "otc-7-same" });
    const error = await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent", requestId: "otc-7-same" }));
    expect(error).toMatchObject({ kind: "duplicate", providerCode: "124" });
    expect(edge.fake.messages.length).toBe(before + 1);
  });

  it("no balance (103) or a code not in the table → account", async () => {
    edge.fake.overrides.push({ kind: "code", code: "103", message: "Balance not enough" }, { kind: "code", code: "999", message: "Something new" });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "account", providerCode: "103" });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "account", providerCode: "999" });
  });

  it("a body it cannot read ({ error }, 400) → account", async () => {
    edge.fake.overrides.push({ kind: "status", status: 400, body: JSON.stringify({ error: "Invalid request" }) });
    const error = await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }));
    expect(error.kind).toBe("account");
    expect(error.message).toContain("Invalid request");
  });
});

describe("eSMS adapter: no usable answer → unavailable (retryable)", () => {
  it("no answer within the timeout", async () => {
    edge.fake.overrides.push({ kind: "hang" });
    const started = Date.now();
    const error = await refusal(adapter({ timeoutMs: 300 }).send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
    expect(error.message).toContain("no answer within 300 ms");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a proxy's HTML error page (502), and a 5xx JSON without CodeResult", async () => {
    edge.fake.overrides.push({ kind: "html", status: 502 }, { kind: "status", status: 503, body: JSON.stringify({ message: "down" }) });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "unavailable" });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "unavailable" });
  });

  it("a 200 that is not JSON, and 100 without an SMSID", async () => {
    edge.fake.overrides.push({ kind: "status", status: 200, body: "OK" }, { kind: "status", status: 200, body: JSON.stringify({ CodeResult: "100", CountRegenerate: 0 }) });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "unavailable" });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "unavailable", providerCode: "100" });
  });

  it("a wrong base URL answering HTML 404 → account (retrying will not help)", async () => {
    edge.fake.overrides.push({ kind: "html", status: 404 });
    expect(await refusal(adapter().send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }))).toMatchObject({ kind: "account" });
  });

  it("nobody listening", async () => {
    const closed = await serveFakeEsms();
    await closed.close();
    const error = await refusal(adapter({ baseUrl: closed.baseUrl }).send({ to: "84912345678", text: CODE_TEXT, purpose: "consent" }));
    expect(error.kind).toBe("unavailable");
  });
});
