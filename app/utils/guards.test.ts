import { describe, expect, it } from "vitest";
import { parseId } from "~/validation/ids";
import { isRealDate } from "~/validation/fields";
import { ipKey } from "./rate-limit.server";
import { safeRedirect } from "./session.server";

// Each is a value of ?redirectTo seen (or feared) to send a user to another
// host after login, signup, adding to the cart or switching language.
const OFF_SITE_VECTORS = [
  "//evil.example",
  "///evil.example",
  "/.//evil.example",
  "/././/evil.example",
  "/./\\evil.example",
  "/%2e//evil.example",
  "/%2E//evil.example",
  "/%2E%2E//evil.example",
  "/%2e%2e/%2e%2e//evil.example",
  "/.%2e//evil.example",
  "/..//evil.example",
  "/../..//evil.example",
  "/a/..//evil.example",
  "/a/b/../..//evil.example",
  "/a/%2e%2e//evil.example",
  "/.//evil.example/path?x=1#top",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\u0000/evil.example",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u3000/evil.example",
  "/\uff0f\uff0fevil.example",
  "/\uff3cevil.example",
  "/\u2215\u2215evil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%09/evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https://evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "evil.example",
  "",
];

describe("redirects stay on this site", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeRedirect("/sell/listings?state=paused#top")).toBe("/sell/listings?state=paused#top");
    expect(safeRedirect("/")).toBe("/");
    expect(safeRedirect("/a/../sell")).toBe("/sell");
  });

  it.each(OFF_SITE_VECTORS)("%j resolves on this site, never to //host or /\\host", (vector) => {
    const to = safeRedirect(vector, "/home");
    const landing = new URL(to, "http://site/");
    expect(landing.origin).toBe("http://site");
    expect(to.startsWith("/")).toBe(true);
    expect(to).not.toMatch(/^\/[/\\]/);
    // What is returned resolves to itself: the browser lands where it was checked.
    expect(`${landing.pathname}${landing.search}${landing.hash}`).toBe(to);
  });

  it("refuses, rather than mends, a value that normalises into another host", () => {
    for (const bad of ["/.//evil.example", "/%2e//evil.example", "/%2E%2E//evil.example", "/..//evil.example", "/./\\evil.example", "//evil.example", "/\t/evil.example", null, undefined]) {
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
});
