/**
 * A household onboarded by a helper claims its own login with its phone
 * (decision 027). Invariants:
 * - only an account that never chose a password (users.password_set_at
 *   null) can be claimed; once claimed it is an ordinary account;
 * - asking for a code answers the same whether or not the phone has such an
 *   account (no one learns who is registered);
 * - the code is verified and the password set in one transaction under the
 *   account's row lock; a wrong code's try counts (committed before refusing).
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { farms, users } from "../../db/schema";
import { messaging, type MessagingPort } from "~/messaging/index.server";
import { audit } from "~/policy/audit.server";
import { DomainError } from "~/policy/errors";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { codeJustUsed, issueCode, verifyCode } from "./one-time-code.server";

const CLAIM_PURPOSE = "claim";

async function unclaimedAccount(phone: string): Promise<{ id: number } | null> {
  const [row] = await db().select({ id: users.id }).from(users).where(and(eq(users.phone, phone), isNull(users.passwordSetAt)));
  return row ?? null;
}

/** Texts a code to the phone when it has an account to claim; answers nothing either way (refusals: too soon, too many). */
export async function requestClaimCode(phone: string, port: MessagingPort = messaging()): Promise<void> {
  const account = await unclaimedAccount(phone);
  if (!account) return;
  const sent = await issueCode({ purpose: CLAIM_PURPOSE, phone, subjectId: account.id }, port);
  if (sent.status === "refused") throw new DomainError("invalid", sent.message, { field: sent.field, params: sent.params });
}

/** Sets the household's password with the code it was sent; returns the account's id (the page starts a session). */
export async function claimAccount(phone: string, code: string, password: string): Promise<{ userId: number }> {
  const passwordHash = await hashPassword(password);
  type Outcome = { userId: number } | { refused: { message: string; field: "code" | "phone"; params?: Record<string, number> } };
  const outcome = await db().transaction(async (tx): Promise<Outcome> => {
    const [account] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.phone, phone), isNull(users.passwordSetAt)))
      .for("update");
    if (!account) {
      // The same claim posted twice (a double tap): claimed minutes ago with this very code and password.
      const [claimed] = await tx
        .select({ id: users.id, passwordHash: users.passwordHash })
        .from(users)
        .where(and(eq(users.phone, phone), sql`${users.passwordSetAt} > now() - interval '10 minutes'`));
      const again =
        claimed &&
        (await codeJustUsed({ purpose: CLAIM_PURPOSE, phone, subjectId: claimed.id, code }, tx)) &&
        (await verifyPassword(claimed.passwordHash, password));
      if (again) return { userId: claimed.id };
      // No account to claim: the same answer as a code that is no longer valid.
      return { refused: { message: "errors.code.expired", field: "code" } };
    }
    const verified = await verifyCode({ purpose: CLAIM_PURPOSE, phone, subjectId: account.id, code }, tx);
    if (verified.status !== "ok") return { refused: verified };
    await tx.update(users).set({ passwordHash, passwordSetAt: sql`now()` }).where(eq(users.id, account.id));
    const [farm] = await tx.select({ id: farms.id }).from(farms).where(eq(farms.ownerId, account.id));
    const actor = { userId: account.id, roles: [], actingForFarmId: null };
    await audit(tx, actor, { action: "account.claim", subject: { type: "user", id: account.id }, farmId: farm?.id ?? null, relation: { role: "owner", scopes: [] } });
    return { userId: account.id };
  });
  if ("refused" in outcome) {
    const { message, field, params } = outcome.refused;
    throw new DomainError("invalid", message, { field, params });
  }
  return outcome;
}
