/**
 * Login and signup limits (docs/decisions/015-login-limits.md). Counters
 * live in PostgreSQL (table rate_limits) through rate-limiter-flexible's
 * PostgreSQL store, so they hold across several app processes.
 *
 * Invariants:
 * - A login attempt is counted *before* the password is checked, so parallel
 *   guesses cannot all slip through while Argon2 runs.
 * - Someone else's failures never lock an owner out: the tight counter is per
 *   account *and* address, the broad one per address. The per-account
 *   ceiling only slows addresses the account has never logged in from; an
 *   address it has logged in from (or signed up from) goes ahead.
 * - A success clears its pair's counter and gives back what it took from the
 *   address and account counters.
 * - Delays after a wrong password are bounded, in length and in how many
 *   replies wait at once, so they cost the server nothing to speak of.
 */
import type postgres from "postgres";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { handle } from "../../db/client";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const LOGIN_LIMITS = {
  /** Failures of one account from one address: then that pair waits. */
  perPair: { points: 5, duration: 15 * MINUTE },
  /** Attempts from one address across accounts: then that address waits. */
  perAddress: { points: 30, duration: 15 * MINUTE },
  /** Attempts on one account from anywhere; above it, new addresses take turns. */
  perAccount: { points: 100, duration: DAY },
  /** Above the account's ceiling: one attempt a minute from addresses it has not logged in from. */
  slowLane: { points: 1, duration: MINUTE },
  /** How long an address stays known to an account after logging in to it. */
  knownAddressSeconds: 30 * DAY,
} as const;

export const SIGNUP_LIMITS = { perAddress: { points: 10, duration: HOUR } } as const;

/** Reports of listings and farms (decision 037): per person, so one account cannot flood the moderators' queue. */
export const REPORT_LIMITS = { perUser: { points: 20, duration: HOUR } } as const;

/** Buyer–farm messages (decision 041): per sender, so one account cannot flood farms or their phones. */
export const MESSAGE_LIMITS = {
  perUser: { points: 20, duration: 10 * MINUTE },
  /** Conversations begun: a stranger writing to many farms is the scam's shape. */
  newConversations: { points: 10, duration: HOUR },
} as const;
/** The JSON API (decision 044): requests per token and minute. */
export const API_LIMITS = { perToken: { points: 120, duration: MINUTE } } as const;

/** What the API's rate-limit headers say after a request was counted. */
export type ApiAllowance = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** Wrong-password replies wait 100, 200, 400, 800 ms from the account's 4th recent attempt, never more than 1 s. */
const DELAY = { freeAttempts: 3, baseMs: 100, maxMs: 1000, maxWaiting: 32 } as const;

/** The key of a client: an IPv4 address, or the /64 network of an IPv6 one. */
export function ipKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!ip.includes(":")) return ip;
  const [head] = ip.split("::");
  const groups = head.split(":").filter(Boolean);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

export function clientIp(request: Request): string {
  // Set by the Express server from the socket and the proxies TRUST_PROXY names.
  return request.headers.get("x-nss-client-ip") ?? "unknown";
}

/**
 * The one method the store calls on a node-postgres client, answered by
 * postgres.js, so the app keeps one driver and one pool. `expire` is a
 * bigint, which postgres.js returns as a string; the store wants a number.
 */
function nodePostgresQuery(sql: () => postgres.Sql) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[] }) {
      const rows = await sql().unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
      return {
        rows: rows.map((row) => ({ ...row, expire: row.expire == null ? null : Number(row.expire) })),
        rowCount: rows.count,
      };
    },
  };
}

export type LoginAttempt =
  | { allowed: true; accountAttempts: number }
  | { allowed: false; retryAfterSeconds: number };

/** Seconds to wait from a store's refusal; anything else (the database failing) is thrown on. */
function waitFrom(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection;
}

/**
 * The limits over one PostgreSQL connection pool. The app uses the one over
 * db/client's pool (below); tests make a second one over another pool to
 * play a second process.
 */
export function createLimits(sql: () => postgres.Sql) {
  const storeClient = nodePostgresQuery(sql);
  const limiter = (keyPrefix: string, limit: { points: number; duration: number }, clearExpired = false) =>
    new RateLimiterPostgres({
      storeClient,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // by db/migrations/0008_rate_limits.sql
      clearExpiredByTimeout: clearExpired, // one limiter sweeps the shared table
      keyPrefix,
      ...limit,
    });
  const pair = limiter("login_pair", LOGIN_LIMITS.perPair, true);
  const address = limiter("login_address", LOGIN_LIMITS.perAddress);
  const account = limiter("login_account", LOGIN_LIMITS.perAccount);
  const slowLane = limiter("login_slow", LOGIN_LIMITS.slowLane);
  const known = limiter("login_known", { points: 1, duration: LOGIN_LIMITS.knownAddressSeconds });
  const signups = limiter("signup_address", SIGNUP_LIMITS.perAddress);
  const reportsByUser = limiter("report_user", REPORT_LIMITS.perUser);
  const messagesByUser = limiter("message_user", MESSAGE_LIMITS.perUser);
  const conversationsByUser = limiter("conversation_user", MESSAGE_LIMITS.newConversations);
  const apiRequests = limiter("api_token", API_LIMITS.perToken);
  const pairKey = (ip: string, accountId: string) => `${accountId}|${ipKey(ip)}`;

  return {
    /** Takes one attempt; says whether it may go ahead, or how long to wait. */
    async takeLoginAttempt(ip: string, accountId: string): Promise<LoginAttempt> {
      const first = await Promise.allSettled([pair.consume(pairKey(ip, accountId)), address.consume(ipKey(ip))]);
      const refused = first.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      if (refused.length > 0) return { allowed: false, retryAfterSeconds: Math.max(...refused.map((r) => waitFrom(r.reason))) };
      try {
        const res = await account.consume(accountId);
        return { allowed: true, accountAttempts: res.consumedPoints };
      } catch (rejection) {
        waitFrom(rejection);
        const over = rejection as RateLimiterRes;
        // Over the ceiling: an address the account has logged in from goes ahead, others take turns.
        if (await known.get(pairKey(ip, accountId))) return { allowed: true, accountAttempts: over.consumedPoints };
        try {
          await slowLane.consume(accountId);
          return { allowed: true, accountAttempts: over.consumedPoints };
        } catch (turn) {
          return { allowed: false, retryAfterSeconds: waitFrom(turn) };
        }
      }
    },

    async recordLoginSuccess(ip: string, accountId: string): Promise<void> {
      await Promise.all([
        pair.delete(pairKey(ip, accountId)),
        address.reward(ipKey(ip), 1),
        account.reward(accountId, 1),
        known.set(pairKey(ip, accountId), 1, LOGIN_LIMITS.knownAddressSeconds),
      ]);
    },

    /** An address an account signed up from is one it may log in from at full pace. */
    async rememberAddress(ip: string, accountId: string): Promise<void> {
      await known.set(pairKey(ip, accountId), 1, LOGIN_LIMITS.knownAddressSeconds);
    },

    /** Takes one account creation from the address: 0 to go ahead, or the seconds to wait. */
    async takeSignup(ip: string): Promise<number> {
      try {
        await signups.consume(ipKey(ip));
        return 0;
      } catch (rejection) {
        return waitFrom(rejection);
      }
    },

    /** Takes one report from the person: 0 to go ahead, or the seconds to wait. */
    async takeReport(userId: number): Promise<number> {
      try {
        await reportsByUser.consume(String(userId));
        return 0;
      } catch (rejection) {
        return waitFrom(rejection);
      }
    },

    /** Takes one message (and one new conversation when `starting`) from the person: 0 to go ahead, or the seconds to wait. */
    async takeMessage(userId: number, starting: boolean): Promise<number> {
      try {
        if (starting) await conversationsByUser.consume(String(userId));
        await messagesByUser.consume(String(userId));
        return 0;
      } catch (rejection) {
        return waitFrom(rejection);
      }
    },

    /** Takes one request of an API token; what is left and when the window resets, for the headers. */
    async takeApiRequest(tokenId: number): Promise<ApiAllowance> {
      const limit = API_LIMITS.perToken.points;
      try {
        const res = await apiRequests.consume(String(tokenId));
        return { allowed: true, limit, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      } catch (rejection) {
        return { allowed: false, limit, remaining: 0, resetSeconds: waitFrom(rejection) };
      }
    },

    /** A signup that made no account (the identifier was taken) gives its turn back. */
    async giveSignupBack(ip: string): Promise<void> {
      await signups.reward(ipKey(ip), 1);
    },
  };
}

export type Limits = ReturnType<typeof createLimits>;

let appLimits: Limits | undefined;
/** The limits over the app's database handle (resolved per query, so a test's fresh database is used). */
export function limits(): Limits {
  appLimits ??= createLimits(() => handle().sql);
  return appLimits;
}

/** How long a wrong-password reply waits, from the account's attempts in the last day. */
export function failureDelayMs(accountAttempts: number): number {
  if (accountAttempts <= DELAY.freeAttempts) return 0;
  return Math.min(DELAY.maxMs, DELAY.baseMs * 2 ** Math.min(accountAttempts - DELAY.freeAttempts - 1, 10));
}

let waiting = 0;
/**
 * Waits before a wrong-password reply. When many replies already wait, the
 * rest answer at once: a flood of bad passwords cannot pile up held requests.
 */
export async function slowDownFailure(attempt: { accountAttempts: number }): Promise<void> {
  const ms = failureDelayMs(attempt.accountAttempts);
  if (ms === 0 || waiting >= DELAY.maxWaiting) return;
  waiting += 1;
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    waiting -= 1;
  }
}
