/**
 * Login and signup limits on real PostgreSQL: counted before the password is
 * checked, shared between processes, and never a lockout of the owner.
 */
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../../db/client";
import { createLimits, failureDelayMs, LOGIN_LIMITS, limits, slowDownFailure } from "./rate-limit.server";

let sequence = 0;
const anAccount = () => `8491${String(Date.now() % 1e5).padStart(5, "0")}${sequence++}`;

// A second process: its own pool to the same database, its own limiter objects.
let secondReady: ReturnType<typeof connect> | undefined;
function secondProcess() {
  // DATABASE_URL is set per file in beforeAll (tests/setup/per-file.ts), after this module loads.
  secondReady ??= connect(process.env.DATABASE_URL!, { max: 2 });
  return createLimits(() => secondReady!.sql);
}
afterAll(async () => {
  await secondReady?.sql.end({ timeout: 1 });
});

describe("login attempts", () => {
  it("are counted before the password is checked, and a success clears its pair", async () => {
    const account = anAccount();
    const ip = "198.51.100.7";
    const answers = await Promise.all(Array.from({ length: 8 }, () => limits().takeLoginAttempt(ip, account)));
    // Eight attempts at once: five go ahead, three are told to wait.
    expect(answers.filter((a) => a.allowed)).toHaveLength(5);
    const refused = answers.filter((a) => !a.allowed);
    expect(refused).toHaveLength(3);
    for (const a of refused) expect(a.retryAfterSeconds).toBeGreaterThan(LOGIN_LIMITS.perPair.duration - 60);
    await limits().recordLoginSuccess(ip, account);
    expect((await limits().takeLoginAttempt(ip, account)).allowed).toBe(true);
  });

  it("hold across processes: two pools, two sets of limiters, one count", async () => {
    const account = anAccount();
    const ip = "198.51.100.8";
    const other = secondProcess();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? limits() : other).takeLoginAttempt(ip, account)),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(5);
    expect((await other.takeLoginAttempt(ip, account)).allowed).toBe(false);
    expect((await limits().takeLoginAttempt(ip, account)).allowed).toBe(false);
    // A success seen by one process frees the pair for the other.
    await other.recordLoginSuccess(ip, account);
    expect((await limits().takeLoginAttempt(ip, account)).allowed).toBe(true);
  });

  it("stop an address hammering many accounts, not the accounts' owners elsewhere", async () => {
    const attacker = "203.0.113.50";
    const accounts = Array.from({ length: 8 }, anAccount);
    let allowed = 0;
    for (const account of accounts) {
      for (let i = 0; i < 5; i++) if ((await limits().takeLoginAttempt(attacker, account)).allowed) allowed += 1;
    }
    expect(allowed).toBe(LOGIN_LIMITS.perAddress.points);
    expect((await limits().takeLoginAttempt("203.0.113.51", accounts[7])).allowed).toBe(true);
  });

  it("above an account's daily ceiling, slow new addresses to one a minute while a known address goes ahead", async () => {
    const account = anAccount();
    const home = "192.0.2.10";
    await limits().rememberAddress(home, account);
    // A spread-out attack: 25 addresses, 4 guesses each, under every per-pair and per-address limit.
    for (let n = 0; n < LOGIN_LIMITS.perAccount.points; n++) {
      const attempt = await limits().takeLoginAttempt(`10.9.${Math.floor(n / 4)}.1`, account);
      expect(attempt.allowed).toBe(true);
    }
    // Over the ceiling: a new address gets the minute's one turn, the next new address waits.
    expect((await limits().takeLoginAttempt("10.9.200.1", account)).allowed).toBe(true);
    const waiting = await limits().takeLoginAttempt("10.9.201.1", account);
    expect(waiting).toMatchObject({ allowed: false });
    expect(!waiting.allowed && waiting.retryAfterSeconds).toBeLessThanOrEqual(LOGIN_LIMITS.slowLane.duration);
    // The owner's usual address is not slowed, in this process or another.
    expect((await limits().takeLoginAttempt(home, account)).allowed).toBe(true);
    expect((await secondProcess().takeLoginAttempt(home, account)).allowed).toBe(true);
  });
});

describe("delays after a wrong password", () => {
  it("grow with the account's recent attempts and stay under a second", () => {
    expect([1, 2, 3].map(failureDelayMs)).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8].map(failureDelayMs)).toEqual([100, 200, 400, 800, 1000]);
    for (const n of [9, 100, 1e6, Number.MAX_SAFE_INTEGER]) expect(failureDelayMs(n)).toBe(1000);
  });

  it("hold at most 32 replies at once; the rest answer at once", async () => {
    const started = Date.now();
    const finished = await Promise.all(
      Array.from({ length: 40 }, () => slowDownFailure({ accountAttempts: 50 }).then(() => Date.now() - started)),
    );
    expect(finished.filter((ms) => ms < 500)).toHaveLength(8);
    expect(finished.filter((ms) => ms >= 990)).toHaveLength(32);
  });
});

describe("signups from one address", () => {
  it("take ten an hour, counted across processes; a signup that made no account gives its turn back", async () => {
    const ip = "198.51.100.77";
    for (let i = 0; i < 8; i++) expect(await limits().takeSignup(ip)).toBe(0);
    expect(await secondProcess().takeSignup(ip)).toBe(0);
    await limits().giveSignupBack(ip); // that identifier was taken
    expect(await limits().takeSignup(ip)).toBe(0);
    expect(await secondProcess().takeSignup(ip)).toBe(0);
    const wait = await limits().takeSignup(ip);
    expect(wait).toBeGreaterThan(55 * 60);
    expect(wait).toBeLessThanOrEqual(60 * 60);
    expect(await limits().takeSignup("198.51.100.78")).toBe(0);
  });
});
