/**
 * API access tokens and idempotency keys (decision 044). Invariants:
 * - a token belongs to one company or one farm; it is made, listed and
 *   revoked only by those with company.integrations / farm.integrations;
 * - only the SHA-256 of the secret is stored; the secret is returned once;
 * - a token acts as the person who made it, limited by its scopes and to
 *   its own company or farm; that person's right to hold it
 *   (the integrations action) is checked again on every request, so a
 *   demoted owner's or a suspended person's tokens stop working;
 * - "last used" is written at most once a minute per token;
 * - an idempotency key is claimed by one request: the others with the same
 *   key see it running, or replay its first answer.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { apiIdempotency, apiTokens, users } from "../../db/schema";
import { audit } from "~/policy/audit.server";
import { authorizeCompany, authorizeFarm } from "~/policy/authorize.server";
import { DomainError, notFound } from "~/policy/errors";
import type { Actor } from "~/policy/policy";
import { actorById } from "~/policy/relations.server";
import { COMPANY_SCOPES, FARM_SCOPES, type ApiScope, type ApiTokenInput } from "~/validation/api";

export type TokenOwner = { kind: "company"; id: number } | { kind: "farm"; id: number };

/** Who calls the API: the token's person as an Actor, its scopes, and what it belongs to. */
export type ApiPrincipal = { tokenId: number; actor: Actor; scopes: readonly ApiScope[]; owner: TokenOwner };

const TOKEN_PREFIX = "nss_";

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

async function authorizeOwner(actor: Actor | null, owner: TokenOwner, executor = db()): Promise<void> {
  if (owner.kind === "company") await authorizeCompany(actor, "company.integrations", owner.id, executor);
  else await authorizeFarm(actor, "farm.integrations", owner.id, executor);
}

export function scopesFor(owner: TokenOwner): readonly ApiScope[] {
  return owner.kind === "company" ? COMPANY_SCOPES : FARM_SCOPES;
}

/** Makes a token; the secret is in the answer and nowhere else. */
export async function createApiToken(actor: Actor, owner: TokenOwner, input: ApiTokenInput, now = new Date()): Promise<{ id: number; secret: string }> {
  const allowed = scopesFor(owner);
  if (!input.scopes.every((s) => allowed.includes(s))) throw new DomainError("invalid", "errors.apiToken.scopes", { field: "scopes" });
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return db().transaction(async (tx) => {
    await authorizeOwner(actor, owner, tx);
    const [row] = await tx
      .insert(apiTokens)
      .values({
        companyId: owner.kind === "company" ? owner.id : null,
        farmId: owner.kind === "farm" ? owner.id : null,
        createdBy: actor.userId,
        name: input.name,
        tokenHash: hashApiToken(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        scopes: input.scopes,
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      })
      .returning({ id: apiTokens.id });
    await audit(tx, actor, {
      action: "token.create",
      subject: { type: "api_token", id: row.id },
      farmId: owner.kind === "farm" ? owner.id : undefined,
      after: { name: input.name, scopes: input.scopes.join(" ") },
    });
    return { id: row.id, secret };
  });
}

export type ApiTokenRow = {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function listApiTokens(actor: Actor, owner: TokenOwner): Promise<ApiTokenRow[]> {
  await authorizeOwner(actor, owner);
  return db()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdBy: users.displayName,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(owner.kind === "company" ? eq(apiTokens.companyId, owner.id) : eq(apiTokens.farmId, owner.id))
    .orderBy(desc(apiTokens.id));
}

/** Revokes one of the owner's tokens; another owner's token is not found. Revoking twice changes nothing. */
export async function revokeApiToken(actor: Actor, owner: TokenOwner, tokenId: number): Promise<void> {
  await db().transaction(async (tx) => {
    await authorizeOwner(actor, owner, tx);
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date(), revokedBy: actor.userId })
      .where(and(eq(apiTokens.id, tokenId), owner.kind === "company" ? eq(apiTokens.companyId, owner.id) : eq(apiTokens.farmId, owner.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (!row) {
      const [exists] = await tx
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), owner.kind === "company" ? eq(apiTokens.companyId, owner.id) : eq(apiTokens.farmId, owner.id)));
      if (!exists) throw notFound();
      return;
    }
    await audit(tx, actor, { action: "token.revoke", subject: { type: "api_token", id: row.id }, farmId: owner.kind === "farm" ? owner.id : undefined, before: { name: row.name } });
  });
}

/**
 * The caller of a request bearing `secret`, or null when the token is
 * unknown, expired, revoked, or its person no longer may hold it.
 */
export async function authenticateApiToken(secret: string, now = new Date()): Promise<ApiPrincipal | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  const [row] = await db()
    .select({ token: apiTokens, suspendedAt: users.suspendedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.tokenHash, hashApiToken(secret)));
  if (!row || row.token.revokedAt || row.token.expiresAt <= now || row.suspendedAt) return null;
  const { token } = row;
  const owner: TokenOwner = token.companyId !== null ? { kind: "company", id: token.companyId } : { kind: "farm", id: token.farmId! };
  const actor = await actorById(token.createdBy);
  try {
    await authorizeOwner(actor, owner);
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
  // At most one write a minute per token: "last used" is a hint, not a log.
  await db()
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000)))));
  return { tokenId: token.id, actor, scopes: token.scopes as ApiScope[], owner };
}

export type StoredAnswer = { status: number; body: unknown };
export type IdempotencyClaim = { kind: "claimed" } | { kind: "replay"; answer: StoredAnswer } | { kind: "running" } | { kind: "mismatch" };

/** Claims the key for this request, or says what became of the request that claimed it first. */
export async function claimIdempotencyKey(tokenId: number, key: string, requestHash: string): Promise<IdempotencyClaim> {
  const [claimed] = await db().insert(apiIdempotency).values({ tokenId, key, requestHash }).onConflictDoNothing().returning({ key: apiIdempotency.key });
  if (claimed) return { kind: "claimed" };
  const [first] = await db()
    .select()
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)));
  if (!first) return { kind: "running" }; // released a moment ago: the client may retry
  if (first.requestHash !== requestHash) return { kind: "mismatch" };
  if (first.status === null) return { kind: "running" };
  return { kind: "replay", answer: { status: first.status, body: first.body } };
}

export async function storeIdempotentAnswer(tokenId: number, key: string, answer: StoredAnswer): Promise<void> {
  await db()
    .update(apiIdempotency)
    .set({ status: answer.status, body: sql`${JSON.stringify(answer.body)}::jsonb` })
    .where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)));
}

/** A request that failed on our side gives its key back, so a retry can go ahead. */
export async function releaseIdempotencyKey(tokenId: number, key: string): Promise<void> {
  await db()
    .delete(apiIdempotency)
    .where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)));
}
