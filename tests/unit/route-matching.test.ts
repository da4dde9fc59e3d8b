/**
 * The patched route matching of @remix-run/router's server build (patches/@remix-run+router+1.23.3.patch,
 * docs/decisions/047): trees of the same shape share what was learnt about which branch a path
 * matches. Whatever is kept, a match must be what a fresh flattening gives, with the asking tree's
 * own route objects. Trees without ids are never kept, so they are the reference here.
 */
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };

// Shaped like the app's: a root layout, index, static, dynamic, optional segments, a pathless layout, a splat.
function tree(withIds: boolean, marker: string): Route[] {
  let n = 0;
  const r = (route: Omit<Route, "id">): Route & { marker: string } => ({ ...route, ...(withIds ? { id: `r${n++}` } : {}), marker });
  return [
    r({
      path: "",
      children: [
        r({ index: true }),
        r({ path: "search" }),
        r({ path: "listings/:id/:slug?" }),
        r({ path: "farms/:slug" }),
        r({ path: "orders", children: [r({ index: true }), r({ path: ":id" }), r({ path: "new" })] }),
        r({ children: [r({ path: "login" }), r({ path: "signup" })] }),
        r({ path: "sell/listings/:id?/edit" }),
        r({ path: "Ops", caseSensitive: true }),
        r({ path: "*" }),
      ],
    }),
  ];
}

const PATHS = [
  "/", "/search", "/search/", "/listings/12", "/listings/12/gao-st25", "/listings/12/gao/extra", "/farms/hop-tac-xa",
  "/orders", "/orders/5", "/orders/new", "/login", "/signup", "/sell/listings/edit", "/sell/listings/9/edit",
  "/Ops", "/ops", "/nowhere/at/all", "/farms/ph%E1%BB%9F", "/listings/%20/x", `/farms/${"x".repeat(600)}`, `/${"a/".repeat(300)}`,
];

function summary(matches: ReturnType<typeof matchRoutes>) {
  return matches?.map((m) => ({ params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase, path: m.route.path, index: m.route.index }));
}

describe("route matching, kept per tree shape", () => {
  it("gives what a fresh flattening gives, path after path, on each new tree of the same shape", () => {
    for (let round = 0; round < 3; round++) {
      for (const path of PATHS) {
        const reference = summary(matchRoutes(tree(false, "ref") as AgnosticRouteObject[], path));
        const mine = tree(true, `round ${round}`);
        const matches = matchRoutes(mine as AgnosticRouteObject[], path);
        expect(summary(matches), `${path} in round ${round}`).toEqual(reference);
        // The routes are the asking tree's own objects, not those of the tree that was matched first.
        for (const m of matches ?? []) expect((m.route as unknown as { marker: string }).marker).toBe(`round ${round}`);
      }
    }
  });

  it("tells trees of another shape apart", () => {
    const one = tree(true, "one");
    expect(matchRoutes(one as AgnosticRouteObject[], "/farms/x")?.at(-1)?.route.path).toBe("farms/:slug");
    // Same ids, one path changed: the kept answer for the first shape must not be used.
    const other = tree(true, "other");
    other[0].children![3].path = "farm/:slug";
    expect(matchRoutes(other as AgnosticRouteObject[], "/farms/x")?.at(-1)?.route.path).toBe("*");
    expect(matchRoutes(other as AgnosticRouteObject[], "/farm/x")?.at(-1)?.params).toEqual({ slug: "x" });
  });
});
