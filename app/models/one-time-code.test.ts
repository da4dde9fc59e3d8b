/**
 * One-time codes against real PostgreSQL, sent through the real eSMS adapter
 * to the imitation of eSMS on a real port (tests/handlers/esms.ts): the code
 * is read where eSMS would receive it.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { oneTimeCodes } from "../../db/schema";
import { ESMS_TEST_ACCOUNT, lastCodeFromImitation, serveFakeEsms } from "../../tests/handlers/esms";
import { consoleMessaging } from "~/messaging/console.server";
import { esmsMessaging } from "~/messaging/esms.server";
import { lastMessageTo } from "~/messaging/index.server";
import { CODE_RULES, codeMessageText, issueCode, verifyCode, type CodeRequest } from "./one-time-code.server";

let edge: Awaited<ReturnType<typeof serveFakeEsms>>;
let esms: ReturnType<typeof esmsMessaging>;
beforeAll(async () => {
  edge = await serveFakeEsms();
  esms = esmsMessaging({ ...ESMS_TEST_ACCOUNT, baseUrl: edge.baseUrl, timeoutMs: 2000 });
});
afterAll(() => edge.close());

let phoneCounter = 0;
/** A phone of its own for each test: the limits count per phone. */
function freshPhone(): string {
  phoneCounter += 1;
  return `8491${String(Date.now() % 100_000).padStart(5, "0")}${String(phoneCounter).padStart(2, "0")}`;
}

async function issueAndRead(request: CodeRequest): Promise<string> {
  const result = await issueCode(request, esms);
  expect(result).toMatchObject({ status: "sent", provider: "esms" });
  return lastCodeFromImitation(edge.origin, request.phone);
}

/** Moves a phone's codes back in time, as if they were made `seconds` earlier. */
async function age(phone: string, seconds: number) {
  await db()
    .update(oneTimeCodes)
    .set({
      createdAt: sql`${oneTimeCodes.createdAt} - make_interval(secs => ${seconds})`,
      expiresAt: sql`${oneTimeCodes.expiresAt} - make_interval(secs => ${seconds})`,
    })
    .where(eq(oneTimeCodes.phone, phone));
}

const rowsFor = (phone: string) => db().select().from(oneTimeCodes).where(eq(oneTimeCodes.phone, phone)).orderBy(oneTimeCodes.id);

describe("issueCode", () => {
  it("texts a 6-digit code in the registered Vietnamese text and keeps only a hash of it", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone, subjectId: 41 });
    expect(code).toMatch(/^\d{6}$/);
    const message = edge.fake.lastMessageTo(phone)!;
    expect(message.content).toBe(codeMessageText("consent", code));
    expect(message.content).toBe(`Nông Sản Số: mã ${code} để đồng ý cho tổ công nghệ số bán hàng giúp hộ. Hiệu lực 10 phút.`);

    const [row] = await rowsFor(phone);
    expect(row).toMatchObject({ purpose: "consent", subjectId: 41, attempts: 0, usedAt: null, providerId: message.smsId });
    expect(row.codeHash).toMatch(/^scrypt\$[\w-]+\$[\w-]{43}$/);
    expect(row.codeHash).not.toContain(code);
    const lifetime = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(lifetime).toBe(CODE_RULES.lifetimeMinutes * 60_000);
  });

  it("uses the default text for a purpose without its own", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "claim_login", phone });
    expect(edge.fake.lastMessageTo(phone)!.content).toBe(`Nông Sản Số: mã xác nhận của bạn là ${code}, hiệu lực 10 phút.`);
  });

  it("gives different codes each time (crypto random)", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add(await issueAndRead({ purpose: "consent", phone: freshPhone() }));
    expect(codes.size).toBeGreaterThan(1);
  });

  it("sends at most one code a minute per phone and purpose, telling how long to wait", async () => {
    const phone = freshPhone();
    await issueAndRead({ purpose: "consent", phone });
    const again = await issueCode({ purpose: "consent", phone }, esms);
    expect(again).toMatchObject({ status: "refused", reason: "too_soon", field: "code", message: "errors.code.tooSoon" });
    expect(again.status === "refused" && again.params!.seconds).toBeGreaterThanOrEqual(55);
    // Another purpose, or another phone, is counted apart.
    expect(await issueCode({ purpose: "claim_login", phone }, esms)).toMatchObject({ status: "sent" });
    await age(phone, 61);
    expect(await issueCode({ purpose: "consent", phone }, esms)).toMatchObject({ status: "sent" });
    expect(await rowsFor(phone)).toHaveLength(3);
  });

  it("sends at most 5 codes an hour per phone and purpose", async () => {
    const phone = freshPhone();
    for (let i = 0; i < CODE_RULES.maxSendsPerHour; i++) {
      expect(await issueCode({ purpose: "consent", phone }, esms)).toMatchObject({ status: "sent" });
      await age(phone, 61);
    }
    const refused = await issueCode({ purpose: "consent", phone }, esms);
    expect(refused).toMatchObject({ status: "refused", reason: "too_many", message: "errors.code.tooMany" });
    // The oldest of the hour was sent 5 × 61 s ago: the hour frees a send in about 55 minutes.
    expect(refused.status === "refused" && refused.params!.minutes).toBe(55);
    await age(phone, 60 * 60);
    expect(await issueCode({ purpose: "consent", phone }, esms)).toMatchObject({ status: "sent" });
  });

  it("sends one code when many requests come at once", async () => {
    const phone = freshPhone();
    const results = await Promise.all(Array.from({ length: 6 }, () => issueCode({ purpose: "consent", phone }, esms)));
    expect(results.filter((r) => r.status === "sent")).toHaveLength(1);
    expect(results.filter((r) => r.status === "refused" && r.reason === "too_soon")).toHaveLength(5);
    expect(edge.fake.messages.filter((m) => m.phone === phone)).toHaveLength(1);
  });

  it("a number eSMS refuses: the phone field, and the code counts for nothing", async () => {
    const phone = "84212345678"; // a landline prefix: eSMS answers 108
    const result = await issueCode({ purpose: "consent", phone }, esms);
    expect(result).toEqual({ status: "refused", reason: "phone_unreachable", field: "phone", message: "errors.code.phoneUnreachable" });
    expect(await rowsFor(phone)).toHaveLength(0);
  });

  it("eSMS down or refusing our account: unavailable; the earlier code still works and no minute is lost", async () => {
    const phone = freshPhone();
    const first = await issueAndRead({ purpose: "consent", phone });
    await age(phone, 61);
    edge.fake.overrides.push({ kind: "html", status: 502 });
    expect(await issueCode({ purpose: "consent", phone }, esms)).toMatchObject({ status: "refused", reason: "unavailable", field: "code", message: "errors.code.unavailable" });
    edge.fake.overrides.push({ kind: "code", code: "103", message: "Balance not enough" });
    expect(await issueCode({ purpose: "consent", phone }, esms)).toMatchObject({ status: "refused", reason: "unavailable" });
    expect(await rowsFor(phone)).toHaveLength(1);
    expect(await verifyCode({ purpose: "consent", phone, code: first })).toMatchObject({ status: "ok" });
  });

  it("works the same through the console adapter, which keeps the message for the demo", async () => {
    const lines: string[] = [];
    const port = consoleMessaging((line) => lines.push(line));
    const phone = freshPhone();
    expect(await issueCode({ purpose: "consent", phone }, port)).toMatchObject({ status: "sent", provider: "console" });
    const code = /\b(\d{6})\b/.exec(port.lastMessageTo(phone)!.text)![1];
    expect(lines[0]).toContain(phone);
    expect(lines[0]).toContain(code);
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "ok" });
  });

  it("with no provider configured, sends through the console adapter, where the demo reads the code", async () => {
    const phone = freshPhone();
    expect(await issueCode({ purpose: "consent", phone })).toMatchObject({ status: "sent", provider: "console" });
    const code = /\b(\d{6})\b/.exec(lastMessageTo(phone)!.text)![1];
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "ok" });
  });

  it("refuses a phone not in the stored form and a purpose that is not a plain name (programming errors)", async () => {
    await expect(issueCode({ purpose: "consent", phone: "0912345678" }, esms)).rejects.toThrow(/E\.164/);
    await expect(issueCode({ purpose: "Consent!", phone: freshPhone() }, esms)).rejects.toThrow(/purpose/);
  });
});

describe("verifyCode", () => {
  it("accepts the code once", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone, subjectId: 7 });
    const ok = await verifyCode({ purpose: "consent", phone, subjectId: 7, code });
    expect(ok).toMatchObject({ status: "ok" });
    expect(await verifyCode({ purpose: "consent", phone, subjectId: 7, code })).toEqual({ status: "expired", field: "code", message: "errors.code.expired" });
    const [row] = await rowsFor(phone);
    expect(row.usedAt).not.toBeNull();
  });

  it("two verifications of one code at once: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const phone = freshPhone();
      const code = await issueAndRead({ purpose: "consent", phone, subjectId: 9 });
      const results = await Promise.all([
        verifyCode({ purpose: "consent", phone, subjectId: 9, code }),
        verifyCode({ purpose: "consent", phone, subjectId: 9, code }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["expired", "ok"]);
    }
  });

  it("takes the code as people type it", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    expect(await verifyCode({ purpose: "consent", phone, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toMatchObject({ status: "ok" });
  });

  it("a code that is not 6 digits is a form error and costs no try", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    for (const typed of ["", "12345", "1234567", "12a456", "１２３４５６", "' or 1=1 --"]) {
      expect(await verifyCode({ purpose: "consent", phone, code: typed })).toEqual({ status: "wrong", field: "code", message: "errors.code.format" });
    }
    expect((await rowsFor(phone))[0].attempts).toBe(0);
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "ok" });
  });

  it("5 tries: wrong ones say how many are left, the 5th kills the code, even for the right code after", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    const wrong = code === "000000" ? "000001" : "000000";
    for (let left = 4; left >= 1; left--) {
      expect(await verifyCode({ purpose: "consent", phone, code: wrong })).toEqual({ status: "wrong", field: "code", message: "errors.code.wrong", params: { count: left } });
    }
    expect(await verifyCode({ purpose: "consent", phone, code: wrong })).toEqual({ status: "too_many_attempts", field: "code", message: "errors.code.tooManyAttempts" });
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "too_many_attempts" });
    expect((await rowsFor(phone))[0]).toMatchObject({ attempts: 5, usedAt: null });
  });

  it("wrong tries at once cannot take more than 5", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    const wrong = code === "111111" ? "222222" : "111111";
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyCode({ purpose: "consent", phone, code: wrong })));
    expect(results.filter((r) => r.status === "wrong")).toHaveLength(4);
    expect(results.filter((r) => r.status === "too_many_attempts")).toHaveLength(4);
    expect((await rowsFor(phone))[0].attempts).toBe(5);
  });

  it("a code older than 10 minutes has expired", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    await age(phone, CODE_RULES.lifetimeMinutes * 60 + 1);
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "expired", message: "errors.code.expired" });
  });

  it("a code is good only for its purpose, phone and subject", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone, subjectId: 3 });
    expect(await verifyCode({ purpose: "consent", phone, subjectId: 4, code })).toMatchObject({ status: "expired" });
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "expired" });
    expect(await verifyCode({ purpose: "claim_login", phone, subjectId: 3, code })).toMatchObject({ status: "expired" });
    expect(await verifyCode({ purpose: "consent", phone: freshPhone(), subjectId: 3, code })).toMatchObject({ status: "expired" });
    expect(await verifyCode({ purpose: "consent", phone, subjectId: 3, code })).toMatchObject({ status: "ok" });
  });

  it("a new code replaces the one sent before", async () => {
    const phone = freshPhone();
    const first = await issueAndRead({ purpose: "consent", phone });
    await age(phone, 61);
    const second = await issueAndRead({ purpose: "consent", phone });
    if (first !== second) expect(await verifyCode({ purpose: "consent", phone, code: first })).toMatchObject({ status: "wrong" });
    expect(await verifyCode({ purpose: "consent", phone, code: second })).toMatchObject({ status: "ok" });
  });

  it("inside the caller's transaction: a rollback gives the code back", async () => {
    const phone = freshPhone();
    const code = await issueAndRead({ purpose: "consent", phone });
    await expect(
      db().transaction(async (tx) => {
        expect(await verifyCode({ purpose: "consent", phone, code }, tx)).toMatchObject({ status: "ok" });
        throw new Error("the consent could not be recorded");
      }),
    ).rejects.toThrow(/consent/);
    expect(await verifyCode({ purpose: "consent", phone, code })).toMatchObject({ status: "ok" });
  });
});
