/**
 * The login and signup routes as a browser posts to them, with the client
 * address the Express server sets: someone hammering an account from one
 * address does not keep its owner out, ?redirectTo never leaves the site,
 * and one address cannot make accounts by the hundred.
 */
import { describe, expect, it } from "vitest";
import { createAccount } from "../factories";
import { action as login } from "~/routes/login";
import { action as signup } from "~/routes/signup";

type Reply = { error?: Record<string, string[] | null> };

function post(path: string, ip: string, fields: Record<string, string>) {
  const request = new Request(`http://site${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "x-nss-client-ip": ip },
  });
  return { request, params: {}, context: {} };
}

const logIn = (ip: string, identifier: string, password: string, redirectTo = "") =>
  login(post("/login", ip, { identifier, password, redirectTo }));

function formErrors(response: unknown): string[] {
  expect(response).not.toBeInstanceOf(Response);
  return (response as Reply).error?.[""] ?? [];
}

describe("login under attack", () => {
  it("a very long email is refused by name, at login and signup, not a 500 from an index", async () => {
    const long = `${"a".repeat(6000)}@example.vn`;
    const fieldErrors = (response: unknown) => (response as Reply).error?.identifier ?? [];
    expect(fieldErrors(await logIn("203.0.113.90", long, "mat-khau-dai"))).toEqual(["errors.identifier.invalid"]);
    const made = await signup(post("/signup", "203.0.113.90", { identifier: long, displayName: "Dài", password: "mat-khau-dai-123", role: "consumer" }));
    expect(fieldErrors(made)).toEqual(["errors.identifier.invalid"]);
  });

  it("an attacker failing 50 times from one address does not keep the owner out from another", async () => {
    const owner = await createAccount(["consumer"]);
    const answers: string[][] = [];
    for (let i = 0; i < 50; i++) answers.push(formErrors(await logIn("203.0.113.66", owner.phone, `doan-mo-${i}`)));
    expect(answers.slice(0, 5).every((e) => e[0] === "errors.login.failed")).toBe(true);
    expect(answers.slice(5).every((e) => /^errors\.login\.limited\|1[45]$/.test(e[0]))).toBe(true);
    // Even the right password waits at the attacker's address…
    expect(formErrors(await logIn("203.0.113.66", owner.phone, owner.password))[0]).toMatch(/^errors\.login\.limited/);

    // …while the owner, elsewhere, gets in at once.
    const started = Date.now();
    const response = await logIn("198.51.100.20", owner.phone, owner.password);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("set-cookie")).toContain("nss_session=");
  });

  it("after a login, ?redirectTo that normalises into another host lands on this site", async () => {
    const owner = await createAccount(["consumer"]);
    for (const redirectTo of ["/.//evil.example", "/%2e//evil.example", "/%2E%2E//evil.example", "/..//evil.example", "/./\\evil.example"]) {
      const response = (await logIn("198.51.100.21", owner.phone, owner.password, redirectTo)) as Response;
      expect(response.status, redirectTo).toBe(302);
      expect(response.headers.get("location"), redirectTo).toBe("/");
    }
    const kept = (await logIn("198.51.100.21", owner.phone, owner.password, "/orders?page=2")) as Response;
    expect(kept.headers.get("location")).toBe("/orders?page=2");
  });
});

describe("signups from one address", () => {
  const signUp = (ip: string, n: number) =>
    signup(
      post("/signup", ip, {
        identifier: `khach${n}.${Date.now()}@example.vn`,
        displayName: `Khách ${n}`,
        password: "matkhau-an-toan",
        role: "consumer",
      }),
    );

  it("the 11th in an hour is refused with a message; another address still signs up", async () => {
    for (let n = 0; n < 10; n++) {
      const response = await signUp("203.0.113.99", n);
      expect(response, `signup ${n + 1}`).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(302);
    }
    expect(formErrors(await signUp("203.0.113.99", 10))[0]).toMatch(/^errors\.signup\.limited\|(59|60)$/);
    expect(((await signUp("203.0.113.100", 11)) as Response).status).toBe(302);
  });
});
