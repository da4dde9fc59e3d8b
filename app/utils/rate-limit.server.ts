/**
 * Login throttling with rate-limiter-flexible: attempts are counted per IP
 * (an IPv6 client by its /64) and per account *before* the password is
 * checked, so parallel guesses cannot all slip through while Argon2 runs; a
 * successful login gives the account's attempts back. The counters live in
 * this process's memory, right for the single-process server this project
 * runs; several processes would move them to a shared store (see
 * docs/decisions/005-accounts-and-sessions.md).
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

const WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = { perIp: 30, perAccount: 5, windowSeconds: WINDOW_SECONDS } as const;

const byIp = new RateLimiterMemory({ keyPrefix: "login_ip", points: LOGIN_LIMITS.perIp, duration: WINDOW_SECONDS });
const byAccount = new RateLimiterMemory({ keyPrefix: "login_account", points: LOGIN_LIMITS.perAccount, duration: WINDOW_SECONDS });

/** The key of a client: an IPv4 address, or the /64 network of an IPv6 one. */
export function ipKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!ip.includes(":")) return ip;
  const [head] = ip.split("::");
  const groups = head.split(":").filter(Boolean);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/**
 * Takes one attempt from both counters. Returns 0 when the attempt may go
 * ahead, or the seconds to wait when either counter is spent.
 */
export async function takeLoginAttempt(ip: string, account: string): Promise<number> {
  try {
    await Promise.all([byIp.consume(ipKey(ip)), byAccount.consume(account)]);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

export async function recordLoginSuccess(ip: string, account: string): Promise<void> {
  await Promise.all([byAccount.delete(account), byIp.reward(ipKey(ip), 1)]);
}

export function clientIp(request: Request): string {
  // Set by the Express server from the socket (and trusted proxies only).
  return request.headers.get("x-nss-client-ip") ?? "unknown";
}
