import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { nextPhone } from "../../tests/factories";
import { endSession, getSessionUser, requireRole, startSession } from "~/utils/session.server";
import { addRole, createUser, IdentifierTakenError, verifyLogin } from "./user.server";

function requestWith(setCookie: string): Request {
  const cookie = setCookie.split(";")[0];
  return new Request("http://localhost/sell", { headers: { Cookie: cookie } });
}

describe("accounts", () => {
  it("stores a phone in one form, whatever form it was typed in, and refuses it twice", async () => {
    const phone = nextPhone();
    const user = await createUser({ identifier: phone, password: "mat-khau-dai", displayName: "Lê Văn Tám", roles: ["farmer"] });
    const [row] = await db().execute<{ phone: string; password_hash: string }>(
      sql`select phone, password_hash from users where id = ${user.id}`,
    );
    expect(row.phone).toBe(`84${phone.slice(1)}`);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(
      createUser({ identifier: `+84${phone.slice(1)}`, password: "x".repeat(10), displayName: "Khác", roles: ["consumer"] }),
    ).rejects.toBeInstanceOf(IdentifierTakenError);
  });

  it("verifies the password, answering the same for a wrong password and an unknown account", async () => {
    const email = `Chi.Hoa.${Date.now()}@Example.vn`;
    const user = await createUser({ identifier: email, password: "dung-mat-khau", displayName: "Chị Hoa", roles: ["consumer"] });
    expect(await verifyLogin(email.toLowerCase(), "dung-mat-khau")).toBe(user.id);
    expect(await verifyLogin(email, "sai-mat-khau")).toBeNull();
    expect(await verifyLogin("khong-co@example.vn", "dung-mat-khau")).toBeNull();
    expect(await verifyLogin("0123", "dung-mat-khau")).toBeNull();
  });
});

describe("sessions", () => {
  it("keeps only a hash of the token, finds the user and their roles, and ends", async () => {
    const user = await createUser({ identifier: nextPhone(), password: "mat-khau-dai", displayName: "An", roles: ["consumer"] });
    const setCookie = await startSession(user.id);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const token = decodeURIComponent(setCookie.split(";")[0].split("=")[1]);
    const stored = await db().execute<{ token_hash: string }>(sql`select token_hash from sessions where user_id = ${user.id}`);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token.replace(/"/g, ""));

    const found = await getSessionUser(requestWith(setCookie));
    expect(found).toMatchObject({ id: user.id, roles: ["consumer"] });

    // A role is required: a consumer is refused the seller pages, then allowed once a farmer.
    await expect(requireRole(requestWith(setCookie), "farmer")).rejects.toMatchObject({ status: 403 });
    await addRole(user.id, "farmer");
    expect((await requireRole(requestWith(setCookie), "farmer")).roles.sort()).toEqual(["consumer", "farmer"]);

    await endSession(requestWith(setCookie));
    expect(await getSessionUser(requestWith(setCookie))).toBeNull();
  });

  it("ignores expired sessions and forged tokens, and sends visitors to log in and back", async () => {
    const user = await createUser({ identifier: nextPhone(), password: "mat-khau-dai", displayName: "Bình", roles: ["farmer"] });
    const setCookie = await startSession(user.id);
    await db().execute(sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${user.id}`);
    expect(await getSessionUser(requestWith(setCookie))).toBeNull();
    expect(await getSessionUser(new Request("http://localhost/", { headers: { Cookie: "nss_session=forged" } }))).toBeNull();
    const visitor = new Request("http://localhost/sell/listings?state=paused");
    await expect(requireRole(visitor, "farmer")).rejects.toSatisfy(
      (r: Response) => r.status === 302 && r.headers.get("Location") === "/login?redirectTo=%2Fsell%2Flistings%3Fstate%3Dpaused",
    );
  });
});
