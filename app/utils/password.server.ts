/**
 * Password hashing with Argon2id at OWASP's recommended minimum
 * (19 MiB memory, 2 iterations, parallelism 1).
 */
import { hash, verify } from "@node-rs/argon2";

const OWASP_ARGON2ID = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OWASP_ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
