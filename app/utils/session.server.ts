/**
 * Sessions stored in the database. The cookie carries only a random token;
 * the table keeps its SHA-256, so a copy of the table opens no session.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { sessions, userRoles, users } from "../../db/schema";
import type { Role } from "~/validation/auth";
import { cookieSecure } from "./env.server";
import { requestScope } from "./request-scope.server";

const SESSION_DAYS = 30;

function sessionCookie() {
  return createCookie("nss_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieSecure(),
    path: "/",
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type SessionUser = {
  id: number;
  displayName: string;
  phone: string | null;
  email: string | null;
  locale: string;
  roles: Role[];
  /** The household this session acts for now (a helper or co-op member), unchecked: the policy decides on use. */
  actingFarmId: number | null;
};

/** Starts a session and returns the Set-Cookie header value. */
export async function startSession(userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db()
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 60 * 60 * 1000),
    });
  return sessionCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The session user of a page, looked up once: the root loader and the
 * route's loader run side by side and both ask (one query for the page, not
 * two). The answer is kept in the HTTP request's scope, by the cookie it was
 * asked with — not on the Request, since Remix gives each loader a Request of
 * its own (request-scope.server.ts). Only for GET and HEAD: an action may
 * change the session (acting for a household, logging out) and asks afresh
 * each time; the loaders that answer the same HTTP request after it ask with
 * GET once it has finished. Outside a request's scope (a job, a script) every
 * call asks.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const scope = request.method === "GET" || request.method === "HEAD" ? requestScope() : undefined;
  if (!scope) return lookUpSessionUser(request);
  const key = sessionKey(request);
  let user = scope.memo.get(key) as Promise<SessionUser | null> | undefined;
  if (!user) {
    user = lookUpSessionUser(request);
    scope.memo.set(key, user);
  }
  return user;
}

const sessionKey = (request: Request) => `session ${request.headers.get("Cookie") ?? ""}`;

async function lookUpSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const [row] = await db()
    .select({
      id: users.id,
      displayName: users.displayName,
      phone: users.phone,
      email: users.email,
      locale: users.locale,
      roles: sql<Role[]>`coalesce(array_agg(${userRoles.role}::text) filter (where ${userRoles.role} is not null), '{}')`,
      actingFarmId: sessions.actingFarmId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    // A suspended person has no session (decision 037): refused here too, whatever slipped through.
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, new Date()), isNull(users.suspendedAt)))
    .groupBy(users.id, sessions.tokenHash);
  return row ?? null;
}

/** Starts or stops acting for a household in this session (the caller checked the right to). */
export async function setActingFarm(request: Request, farmId: number | null): Promise<void> {
  const token = await readToken(request);
  if (token) await db().update(sessions).set({ actingFarmId: farmId }).where(eq(sessions.tokenHash, hashToken(token)));
  // A page that ends the acting (requireSeller, consent gone) is asked afresh for the rest of its request.
  requestScope()?.memo.delete(sessionKey(request));
}

/** Ends acting for the farm in every session (a consent withdrawn, a helper removed). */
export async function stopActingFor(farmId: number, userIds?: number[]): Promise<void> {
  await db()
    .update(sessions)
    .set({ actingFarmId: null })
    .where(userIds ? and(eq(sessions.actingFarmId, farmId), inArray(sessions.userId, userIds)) : eq(sessions.actingFarmId, farmId));
}

/** Ends the session and returns the Set-Cookie header value that clears it. */
export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token) await db().delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  return sessionCookie().serialize("", { maxAge: 0 });
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  return user;
}

/** A signed-in user with the role; others are sent to log in, or refused. */
export async function requireRole(request: Request, role: Role): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.roles.includes(role)) {
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}

const SAME_SITE = "http://same.site";
// Control characters, backslashes and any whitespace (browsers read "/\t/evil.com" and "/\\evil.com" as another host).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const LENIENT = /[\u0000-\u001f\u007f\\\s]/;

/** A path of this site as a browser reads it: one slash, then not a second slash or backslash, nothing lenient. */
function isSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !LENIENT.test(path);
}

/**
 * Only paths of this site, so that ?redirectTo cannot send a user elsewhere.
 * The value is resolved as a URL against a placeholder origin, and what is
 * returned — the normalised path — is what gets checked: dot segments
 * ("/.//evil", "/%2e//evil", "/..//evil") normalise into "//evil", which a
 * browser reads as another host. The result must also resolve to itself, so
 * the browser lands exactly where it was checked.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !isSitePath(to)) return fallback;
  try {
    const url = new URL(to, SAME_SITE);
    if (url.origin !== SAME_SITE) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    if (!isSitePath(path)) return fallback;
    const again = new URL(path, SAME_SITE);
    return again.origin === SAME_SITE && `${again.pathname}${again.search}${again.hash}` === path ? path : fallback;
  } catch {
    return fallback;
  }
}
