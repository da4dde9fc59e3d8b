/**
 * Accounts. Invariants: a user has a phone or an email (stored normalised:
 * phone as 84xxxxxxxxx, email lower-cased), each unique; passwords are only
 * ever stored as Argon2id hashes; roles are a set per user.
 */
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { userRoles, users } from "../../db/schema";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { parseIdentifier, type Role } from "~/validation/auth";

export class IdentifierTakenError extends Error {
  constructor() {
    super("identifier taken");
  }
}

export async function createUser(input: {
  identifier: string;
  password: string;
  displayName: string;
  roles: Role[];
  locale?: string;
}): Promise<{ id: number }> {
  const identifier = parseIdentifier(input.identifier);
  if (!identifier) throw new Error("createUser: invalid identifier");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          phone: identifier.kind === "phone" ? identifier.value : null,
          email: identifier.kind === "email" ? identifier.value : null,
          passwordHash,
          displayName: input.displayName.normalize("NFC"),
          locale: input.locale ?? "vi",
        })
        .returning({ id: users.id });
      if (input.roles.length > 0) {
        await tx.insert(userRoles).values(input.roles.map((role) => ({ userId: user.id, role })));
      }
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new IdentifierTakenError();
    throw error;
  }
}

/** The user id when the password matches; null otherwise (same answer for unknown accounts). */
export async function verifyLogin(identifierInput: string, password: string): Promise<number | null> {
  const identifier = parseIdentifier(identifierInput);
  if (!identifier) return null;
  const [user] = await db()
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(identifier.kind === "phone" ? eq(users.phone, identifier.value) : eq(users.email, identifier.value));
  if (!user) {
    // Spend the same time as a real check so that timing does not reveal accounts.
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user.id : null;
}

let dummyHash: Promise<string> | undefined;

export async function addRole(userId: number, role: Role): Promise<void> {
  await db().insert(userRoles).values({ userId, role }).onConflictDoNothing();
}

export async function setUserLocale(userId: number, locale: string): Promise<void> {
  await db().update(users).set({ locale }).where(eq(users.id, userId));
}

/** A unique-key violation, of the named constraint when one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  type PgError = { code?: string; constraint_name?: string };
  const e = ((error as { cause?: PgError })?.cause ?? error) as PgError;
  return e?.code === "23505" && (constraint === undefined || e.constraint_name === constraint);
}

export async function userLocale(userId: number): Promise<string> {
  const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return row?.locale ?? "vi";
}
