import { describe, expect, it } from "vitest";
import { parseId } from "~/validation/ids";
import { isRealDate } from "~/validation/fields";
import { ipKey, recordLoginSuccess, takeLoginAttempt } from "./rate-limit.server";
import { safeRedirect } from "./session.server";

describe("redirects after login stay on this site", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeRedirect("/sell/listings?state=paused#top")).toBe("/sell/listings?state=paused#top");
    expect(safeRedirect("/")).toBe("/");
  });

  it("refuses anything that a browser could read as another site", () => {
    for (const bad of ["//evil.com", "/\\evil.com", "/\t/evil.com", "/\n/evil.com", "https://evil.com", "evil.com", "/ /evil.com", "", null, undefined]) {
      expect(safeRedirect(bad as string, "/home"), JSON.stringify(bad)).toBe("/home");
    }
  });
});

describe("ids and dates from forms", () => {
  it("takes only ids that fit the integer column", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId("2147483647")).toBe(2147483647);
    for (const bad of ["2147483648", "0", "-1", "1e3", "12abc", "007", "", undefined]) expect(parseId(bad)).toBeNull();
  });

  it("takes only calendar days that exist", () => {
    expect(isRealDate("2024-02-29")).toBe(true);
    expect(isRealDate("2026-12-31")).toBe(true);
    for (const bad of ["2023-02-29", "2024-02-30", "2024-13-01", "0000-01-01", "2024-1-5", "31/12/2026"]) expect(isRealDate(bad)).toBe(false);
  });
});

describe("login limits", () => {
  it("keys IPv6 clients by their /64 and IPv4 clients by address", () => {
    expect(ipKey("203.0.113.9")).toBe("203.0.113.9");
    expect(ipKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(ipKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
  });

  it("counts an attempt before the password is checked, and gives them back on success", async () => {
    const account = `84${Date.now() % 1e9}`;
    const ip = "198.51.100.7";
    const answers = await Promise.all(Array.from({ length: 8 }, () => takeLoginAttempt(ip, account)));
    // Eight attempts at once: five go ahead, three are told to wait.
    expect(answers.filter((a) => a === 0)).toHaveLength(5);
    expect(answers.filter((a) => a > 0)).toHaveLength(3);
    await recordLoginSuccess(ip, account);
    expect(await takeLoginAttempt(ip, account)).toBe(0);
  });
});
