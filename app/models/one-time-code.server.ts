/**
 * One-time codes sent to a phone to confirm something (first: a household's
 * consent, issue 11). docs/decisions/026-messaging-port.md.
 *
 * Invariants:
 * - A code is 6 digits from crypto.randomInt; only a salted scrypt hash of it
 *   is stored, compared in constant time.
 * - Only the newest code for (purpose, phone, subject) can be verified; it
 *   lives 10 minutes, takes 5 tries (every try counts, right or wrong; after
 *   the 5th wrong one it is dead) and succeeds once: verifications of one
 *   code are serialised by a row lock, so two at once give one "ok".
 * - Per phone and purpose: at most one code a minute and 5 an hour, counted
 *   from this table under a transaction-scoped advisory lock, so requests at
 *   once cannot pass the limit together.
 * - The message is sent after the code's row is committed and outside any
 *   transaction; a send that fails removes the row (it counts for nothing,
 *   and the previous code, if any, stays the one to verify).
 * - Refusals are results with the field they concern and an i18n key, never
 *   thrown; a provider refusing our account is logged for operators.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client";
import { oneTimeCodes } from "../../db/schema";
import { messaging, MessagingError, type MessagingPort } from "~/messaging/index.server";
import { type Locale } from "~/utils/i18n";
import { i18nFor } from "~/utils/i18n.server";
import { CODE_DIGITS, normalizeCode } from "~/validation/one-time-code";
import { log } from "~/utils/log.server";

export const CODE_RULES = {
  lifetimeMinutes: 10,
  maxAttempts: 5,
  minSecondsBetweenSends: 60,
  maxSendsPerHour: 5,
} as const;

// N = 2^14, r = 8: about 16 MB and a few tens of milliseconds per hash. Six digits are a
// million guesses at most, so what the hash buys is time: a copy of the table takes hours
// per code to search, longer than the code lives (decision 026).
const SCRYPT: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

export type CodeRequest = {
  /** What the code confirms: lower-case letters and _, e.g. "consent"; picks the text oneTimeCode.sms.<purpose> (else .default). */
  purpose: string;
  /** E.164 without the plus, e.g. 84912345678 (normalizeVietnamesePhone). */
  phone: string;
  /** What the code is about, e.g. the consent request's id; verification must name the same. */
  subjectId?: number | null;
};

export type CodeRefusal = {
  field: "code" | "phone";
  /** An i18n key under errors.code. */
  message: string;
  params?: Record<string, number>;
};

export type IssueResult =
  | { status: "sent"; codeId: number; expiresAt: Date; provider: string }
  | ({ status: "refused"; reason: "too_soon" | "too_many" | "phone_unreachable" | "unavailable" } & CodeRefusal);

export type VerifyResult =
  | { status: "ok"; codeId: number }
  | ({ status: "wrong" | "expired" | "too_many_attempts" } & CodeRefusal);

function hashCode(code: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(code, salt, HASH_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

async function storedHash(code: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64url")}$${(await hashCode(code, salt)).toString("base64url")}`;
}

async function matches(code: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await hashCode(code, Buffer.from(salt, "base64url"));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function checkRequest(request: CodeRequest): void {
  // Programming errors, not user input: callers normalise the phone and name a fixed purpose.
  if (!/^[a-z_]{1,40}$/.test(request.purpose)) throw new Error(`one-time code: bad purpose ${JSON.stringify(request.purpose)}`);
  if (!/^84\d{9}$/.test(request.phone)) throw new Error("one-time code: phone must be E.164 digits (84xxxxxxxxx)");
  if (request.subjectId != null && !Number.isSafeInteger(request.subjectId)) throw new Error("one-time code: bad subjectId");
}

/**
 * The text of the message: oneTimeCode.sms.<purpose>, or .default. Always
 * Vietnamese when sent: only those texts are registered as brandname templates.
 */
export function codeMessageText(purpose: string, code: string, locale: Locale = "vi"): string {
  const t = i18nFor(locale).t;
  const params = { code, minutes: CODE_RULES.lifetimeMinutes };
  return t(`oneTimeCode.sms.${purpose}`, { ...params, defaultValue: t("oneTimeCode.sms.default", params) });
}

function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
}

const lockKey = (purpose: string, phone: string) => sql`hashtextextended(${`one_time_code:${purpose}:${phone}`}, 0)`;

/**
 * Makes a code for the request and sends it through the messaging port
 * (default: the configured one), within the re-send limits.
 */
export async function issueCode(request: CodeRequest, port: MessagingPort = messaging()): Promise<IssueResult> {
  checkRequest(request);
  const code = newCode();
  const codeHash = await storedHash(code);

  type Reserved = { refused: IssueResult; row?: never } | { refused?: never; row: { id: number; expiresAt: Date } };
  const reserved = await db().transaction(async (tx): Promise<Reserved> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(request.purpose, request.phone)})`);
    const [recent] = await tx
      .select({
        count: sql<number>`count(*)::int`,
        // Seconds until a send is allowed again, by each limit (<= 0: allowed).
        waitMinute: sql<number>`coalesce(extract(epoch from max(${oneTimeCodes.createdAt}) + make_interval(secs => ${CODE_RULES.minSecondsBetweenSends}) - now()), 0)::float8`,
        waitHour: sql<number>`coalesce(extract(epoch from min(${oneTimeCodes.createdAt}) + interval '1 hour' - now()), 0)::float8`,
      })
      .from(oneTimeCodes)
      .where(
        and(
          eq(oneTimeCodes.phone, request.phone),
          eq(oneTimeCodes.purpose, request.purpose),
          sql`${oneTimeCodes.createdAt} > now() - interval '1 hour'`,
        ),
      );
    if (recent.count >= CODE_RULES.maxSendsPerHour) {
      const minutes = Math.max(1, Math.ceil(recent.waitHour / 60));
      return { refused: { status: "refused", reason: "too_many", field: "code", message: "errors.code.tooMany", params: { minutes } } };
    }
    if (recent.waitMinute > 0) {
      const seconds = Math.max(1, Math.ceil(recent.waitMinute));
      return { refused: { status: "refused", reason: "too_soon", field: "code", message: "errors.code.tooSoon", params: { seconds } } };
    }
    const [row] = await tx
      .insert(oneTimeCodes)
      .values({
        purpose: request.purpose,
        phone: request.phone,
        subjectId: request.subjectId ?? null,
        codeHash,
        expiresAt: sql`now() + make_interval(mins => ${CODE_RULES.lifetimeMinutes})`,
      })
      .returning({ id: oneTimeCodes.id, expiresAt: oneTimeCodes.expiresAt });
    return { row };
  });

  if (reserved.refused) return reserved.refused;
  const { row } = reserved;
  try {
    const sent = await port.send({
      to: request.phone,
      text: codeMessageText(request.purpose, code),
      purpose: request.purpose,
      templateParams: { code, minutes: String(CODE_RULES.lifetimeMinutes) },
      requestId: `otc-${row.id}-${randomBytes(4).toString("hex")}`,
    });
    await db().update(oneTimeCodes).set({ providerId: sent.providerId }).where(eq(oneTimeCodes.id, row.id));
    return { status: "sent", codeId: row.id, expiresAt: row.expiresAt, provider: port.name };
  } catch (error) {
    await db().delete(oneTimeCodes).where(eq(oneTimeCodes.id, row.id));
    if (!(error instanceof MessagingError)) throw error;
    if (error.kind === "recipient") {
      return { status: "refused", reason: "phone_unreachable", field: "phone", message: "errors.code.phoneUnreachable" };
    }
    // Our account, the provider or the network: nothing the person can fix; operators read this.
    log.error(`One-time code not sent (${request.purpose}): ${error.message}`);
    return { status: "refused", reason: "unavailable", field: "code", message: "errors.code.unavailable" };
  }
}

/**
 * Checks a code typed for the request. `tx`: verify inside the caller's
 * transaction (e.g. with the consent it confirms), so a rollback gives the
 * code back; by default a transaction of its own.
 */
export async function verifyCode(request: CodeRequest & { code: string }, tx?: Executor): Promise<VerifyResult> {
  checkRequest(request);
  const code = normalizeCode(request.code);
  // A mistyped form is not a guess: it costs no try.
  if (code === null) return { status: "wrong", field: "code", message: "errors.code.format" };
  const run = (ex: Executor) => verifyIn(ex, request, code);
  return tx ? run(tx) : db().transaction(run);
}

/**
 * Whether this very code was the request's newest and was used within its
 * lifetime: a form posted twice (a double tap) is told what the first post
 * did, never a code that merely looks right.
 */
export async function codeJustUsed(request: CodeRequest & { code: string }, ex: Executor = db()): Promise<boolean> {
  checkRequest(request);
  const code = normalizeCode(request.code);
  if (code === null) return false;
  const [row] = await ex
    .select({ codeHash: oneTimeCodes.codeHash, recent: sql<boolean>`${oneTimeCodes.usedAt} > now() - make_interval(mins => ${CODE_RULES.lifetimeMinutes})` })
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.phone, request.phone),
        eq(oneTimeCodes.purpose, request.purpose),
        request.subjectId == null ? isNull(oneTimeCodes.subjectId) : eq(oneTimeCodes.subjectId, request.subjectId),
      ),
    )
    .orderBy(desc(oneTimeCodes.id))
    .limit(1);
  return Boolean(row?.recent) && (await matches(code, row.codeHash));
}

async function verifyIn(ex: Executor, request: CodeRequest, code: string): Promise<VerifyResult> {
  const [row] = await ex
    .select({
      id: oneTimeCodes.id,
      codeHash: oneTimeCodes.codeHash,
      attempts: oneTimeCodes.attempts,
      usedAt: oneTimeCodes.usedAt,
      expired: sql<boolean>`${oneTimeCodes.expiresAt} <= now()`,
    })
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.phone, request.phone),
        eq(oneTimeCodes.purpose, request.purpose),
        request.subjectId == null ? isNull(oneTimeCodes.subjectId) : eq(oneTimeCodes.subjectId, request.subjectId),
      ),
    )
    .orderBy(desc(oneTimeCodes.id))
    .limit(1)
    .for("update");
  const expired: VerifyResult = { status: "expired", field: "code", message: "errors.code.expired" };
  const tooMany: VerifyResult = { status: "too_many_attempts", field: "code", message: "errors.code.tooManyAttempts" };
  if (!row || row.usedAt !== null || row.expired) return expired;
  if (row.attempts >= CODE_RULES.maxAttempts) return tooMany;

  const ok = await matches(code, row.codeHash);
  const attempts = row.attempts + 1;
  await ex
    .update(oneTimeCodes)
    .set({ attempts, ...(ok ? { usedAt: sql`now()` } : {}) })
    .where(eq(oneTimeCodes.id, row.id));
  if (ok) return { status: "ok", codeId: row.id };
  const left = CODE_RULES.maxAttempts - attempts;
  if (left === 0) return tooMany;
  return { status: "wrong", field: "code", message: "errors.code.wrong", params: { count: left } };
}
