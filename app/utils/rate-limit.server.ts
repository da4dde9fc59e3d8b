/**
 * Login throttling with rate-limiter-flexible: failures are counted per IP
 * and per account. The counters live in this process's memory, which is
 * right for the single-process server this project runs; several processes
 * would move them to a shared store (see docs/decisions/006-login-limits.md).
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

const WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = { perIp: 30, perAccount: 5, windowSeconds: WINDOW_SECONDS } as const;

const byIp = new RateLimiterMemory({ keyPrefix: "login_ip", points: LOGIN_LIMITS.perIp, duration: WINDOW_SECONDS });
const byAccount = new RateLimiterMemory({
  keyPrefix: "login_account",
  points: LOGIN_LIMITS.perAccount,
  duration: WINDOW_SECONDS,
});

/** Seconds until the next attempt is allowed, or 0 when one is allowed now. */
export async function loginRetryAfter(ip: string, account: string): Promise<number> {
  const [ipState, accountState] = await Promise.all([byIp.get(ip), byAccount.get(account)]);
  const blocked = [
    ipState && ipState.consumedPoints >= LOGIN_LIMITS.perIp ? ipState.msBeforeNext : 0,
    accountState && accountState.consumedPoints >= LOGIN_LIMITS.perAccount ? accountState.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...blocked) / 1000);
}

export async function recordLoginFailure(ip: string, account: string): Promise<void> {
  await Promise.all([byIp.penalty(ip, 1), byAccount.penalty(account, 1)]);
}

export async function recordLoginSuccess(account: string): Promise<void> {
  await byAccount.delete(account);
}

export function clientIp(request: Request): string {
  // Set by the Express server from the socket (and trusted proxies only).
  return request.headers.get("x-nss-client-ip") ?? "unknown";
}

export { RateLimiterRes };
