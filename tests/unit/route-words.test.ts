/**
 * The dictionary per route (decision 048): which namespaces each route's
 * browser code can show (scripts/route-words.ts), the words a document
 * carries (app/utils/page-words.server.ts) and the words route that sends
 * the rest (app/routes/words.$locale.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unitOf, unitsOf } from "~/locales/dictionary";
import en from "~/locales/en";
import vi from "~/locales/vi";
import { loader as wordsLoader } from "~/routes/words.$locale";
import { makeTranslate } from "~/utils/translate";
import { pageWordsJson, recording, withPageWords, WORDS_VERSION, wordsForPage } from "~/utils/page-words.server";
import { keysOf, routeWords } from "../../scripts/route-words";

const app = mkdtempSync(join(tmpdir(), "route-words-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));
function write(path: string, code: string) {
  mkdirSync(dirname(join(app, path)), { recursive: true });
  writeFileSync(join(app, path), code);
}

describe("routeWords", () => {
  const NAMESPACES = ["nav", "cart", "checkout", "errors", "errors.recipient", "errors.form", "orderStatus", "server", "typed", "lazy", "unused"];
  write("root.tsx", `import { Nav } from "~/components/nav";\nexport default () => t("nav.home");`);
  write("components/nav.tsx", `export const Nav = () => t('cart.count');`);
  write(
    "routes/checkout.tsx",
    [
      `import { place } from "~/models/orders.server";`,
      `import type { Shape } from "./types";`,
      `import { status } from "../components/status";`,
      `const schema = () => import("~/validation/lazy");`,
      "export default () => t(`checkout.title`) + t(`orderStatus.${status}`) + 'a.b' + \"checkout\" + 'unknownNs.x' + version.major;",
    ].join("\n"),
  );
  write("models/orders.server.ts", `throw new Error("server.only");`);
  write("routes/types.ts", `export type Shape = "typed.word";`);
  write("components/status.ts", `export const status = "x";`);
  write("validation/lazy.ts", `export const schema = "errors.recipient.required" + "lazy.word";`);
  write("routes/plain.tsx", `export default () => null;`);
  write("routes/built.tsx", "export default (field) => t(`errors.${field}.required`) + t('errors.noSuchPart.x');");
  write("routes/notes.md", `"unused.word"`);
  write("routes/barred.tsx", "export default (n) => t(`errors.form.summary|${n}`);");
  write("routes/guarded.tsx", `export const loader = () => can(actor, "checkout.place") && t("cart.count", { count: 2 }) + "lazy.word is long";`);
  const table = routeWords(app, NAMESPACES);

  it("follows static and dynamic imports, not server-only modules or type-only imports", () => {
    expect(table["root"]).toEqual(["cart", "nav"]);
    // A split namespace by the part a literal names; all of it where the part is built.
    expect(table["routes/checkout"]).toEqual(["checkout", "errors.recipient", "lazy", "orderStatus"]);
    expect(table["routes/built"]).toEqual(["errors"]);
    expect(table["routes/plain"]).toEqual([]);
    expect(Object.keys(table).sort()).toEqual(["root", "routes/barred", "routes/built", "routes/checkout", "routes/guarded", "routes/plain"]);
  });

  it("with the dictionary's keys, counts only literals that are keys or their start", () => {
    const keys = ["nav.home", "cart.count_one", "cart.count_other", "checkout.title", "orderStatus.paid", "errors.recipient.required", "errors.form.summary", "lazy.word", "typed.word"];
    const keyed = routeWords(app, NAMESPACES, keys);
    // An action name that only looks like a key ("checkout.place") and text that goes on past one: no words.
    // A plural's start ("cart.count" for cart.count_one) is a key.
    expect(keyed["routes/guarded"]).toEqual(["cart"]);
    expect(table["routes/guarded"]).toEqual(["cart", "checkout"]); // without the keys, any whole literal that starts like one
    // Keys, prefixes of keys and the fixed start of built keys are found as before.
    expect(keyed["root"]).toEqual(["cart", "nav"]);
    expect(keyed["routes/checkout"]).toEqual(["checkout", "errors.recipient", "lazy", "orderStatus"]);
    expect(keyed["routes/built"]).toEqual(["errors"]);
    // A key with its value after a bar (components/ui/field.tsx) is a whole key.
    expect(keyed["routes/barred"]).toEqual(["errors.form"]);
  });

  it("on the app: each page's own namespaces are found", () => {
    const real = routeWords(join(__dirname, "../../app"), unitsOf(vi), keysOf(vi));
    expect(real["root"]).toEqual(expect.arrayContaining(["nav", "footer", "language", "search", "errors.page", "errors.form"]));
    // The pages everyone reads carry only the errors they can show, not all 17 KB of them.
    for (const id of ["root", "routes/_index", "routes/search", "routes/listings.$id.($slug)"]) expect(real[id], id).not.toContain("errors");
    // The root's loader asks the policy, whose action names ("insights.view") read like words: not
    // followed (the root imports it through a *.server module), so every page does not carry them.
    expect(real["root"]).not.toContain("insights");
    expect(real["routes/_index"]).not.toContain("insights");
    // Nor where a page's own loader asks the policy: the action names are not words.
    for (const id of ["routes/sell._index", "routes/ops._index", "routes/orders.$id", "routes/sell.farm"]) {
      expect(real[id], id).not.toContain("insights");
      expect(real[id], id).not.toContain("farm");
    }
    // The header's links take their words from "nav", not one word each from three namespaces.
    for (const ns of ["helpWork", "messages", "opsHome"]) expect(real["root"]).not.toContain(ns);
    expect(real["routes/checkout"]).toEqual(expect.arrayContaining(["checkout", "errors.recipient", "errors.payment"]));
    expect(real["routes/sell.listings.new"]).toEqual(expect.arrayContaining(["listingForm", "errors.price", "errors.stock", "photos"]));
    // Every namespace named is one of the dictionary's.
    for (const names of Object.values(real)) for (const ns of names) expect(unitsOf(vi)).toContain(ns);
  });
});

describe("the words a document carries", () => {
  it("are what the render used, what the routes can show, and the titles' words", () => {
    const { translate, used } = recording(makeTranslate("vi", vi));
    expect(translate("cart.title")).toBe(vi.cart.title);
    const words = wordsForPage("vi", used, ["root", "routes/x"], { root: ["nav"], "routes/x": ["search", "noSuchNamespace"] });
    expect(words.locale).toBe("vi");
    expect(words.version).toBe(WORDS_VERSION);
    expect(Object.keys(words.words).sort()).toEqual(["brand", "cart", "meta", "nav", "search"]);
    expect(words.words.cart).toEqual(vi.cart);
    expect(words.names).toEqual(unitsOf(vi));
    expect(words.units).toEqual(["brand", "cart", "meta", "nav", "search"]);
    expect(wordsForPage("en", [], [], {}).words.meta).toEqual(en.meta);
  });

  it("carry a split namespace by the parts used, or whole, without touching the dictionary", () => {
    expect(unitOf("errors.price.required")).toBe("errors.price");
    expect(unitOf("errors.form")).toBe("errors.form");
    expect(unitOf("cart.lines.title")).toBe("cart");
    expect(unitOf("Required")).toBe("Required");
    const { translate, used } = recording(makeTranslate("vi", vi));
    translate("errors.price.required");
    const parts = wordsForPage("vi", used, ["routes/x"], { "routes/x": ["errors.form", "errors.noSuchPart"] });
    expect(parts.words.errors).toEqual({ price: vi.errors.price, form: vi.errors.form });
    expect(parts.units).toEqual(["brand", "errors.form", "errors.price", "meta"]);
    const whole = wordsForPage("vi", ["errors.price", "errors"], [], {});
    expect(whole.words.errors).toBe(vi.errors);
    expect(Object.keys(vi.errors).length).toBeGreaterThan(50);
    expect(whole.units).toEqual(["brand", "errors", "errors.price", "meta"]);
  });

  it("go before </body> as JSON that cannot close its script element", () => {
    const page = new TextEncoder().encode("<html><body><p>Cà chua</p></body></html>");
    const words = { locale: "vi" as const, version: "v1", words: { brand: "</script><script>alert(1)</script> <!-- \u2028" } as never, names: ["brand"], units: ["brand"] };
    const html = new TextDecoder().decode(withPageWords(page, words, "n0nce+/="));
    expect(html.startsWith("<html><body><p>Cà chua</p><script type=\"application/json\" id=\"nss-words\" nonce=\"n0nce+/=\">")).toBe(true);
    expect(html.endsWith("</script></body></html>")).toBe(true);
    const json = html.slice(html.indexOf("n0nce+/=\">") + 10, html.lastIndexOf("</script>"));
    expect(json).not.toMatch(/<|\u2028/);
    expect(JSON.parse(json)).toEqual(words);
  });

  it("are made once per language and set of namespaces, and spliced into the document's bytes", () => {
    const table = { root: ["nav"], "routes/x": ["search"] };
    const first = pageWordsJson("en", ["cart", "nav"], ["root", "routes/x"], table);
    expect(JSON.parse(first.toString())).toEqual(wordsForPage("en", ["cart"], ["root", "routes/x"], table));
    // The same set, however it was reached, is the same bytes; another language or set is not.
    expect(pageWordsJson("en", ["search", "cart"], ["root"], table)).toBe(first);
    expect(pageWordsJson("vi", ["cart"], ["root", "routes/x"], table)).not.toBe(first);
    expect(pageWordsJson("en", ["checkout"], ["root", "routes/x"], table)).not.toBe(first);
    // A document that is a view into a larger buffer: only its own bytes are kept.
    const backing = new TextEncoder().encode("xx<body>Cà</body>yy");
    const page = backing.subarray(2, backing.length - 2);
    const html = Buffer.from(withPageWords(page, first, "")).toString();
    expect(html).toBe(`<body>Cà<script type="application/json" id="nss-words">${first.toString()}</script></body>`);
    expect(Buffer.from(withPageWords(new TextEncoder().encode("<p>no body end"), first, "")).toString().endsWith(`${first.toString()}</script>`)).toBe(true);
  });
});

describe("GET /words/:locale", () => {
  const get = (path: string) => wordsLoader({ request: new Request(`http://localhost${path}`), params: { locale: path.split("/")[2].split("?")[0] }, context: {} });

  it("answers the namespaces asked for, kept a year under the current version only", async () => {
    const current = await get(`/words/en?ns=cart,checkout,noSuch,errors.price,errors.noSuch&v=${WORDS_VERSION}`);
    expect(current.status).toBe(200);
    expect(await current.json()).toEqual({ cart: en.cart, checkout: en.checkout, errors: { price: en.errors.price } });
    expect(current.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const stale = await get("/words/vi?ns=cart&v=old");
    expect(await stale.json()).toEqual({ cart: vi.cart });
    expect(stale.headers.get("Cache-Control")).toBe("no-cache");
  });

  it("refuses what is not a list of names, and an unknown language", async () => {
    for (const query of ["", "?ns=", "?ns=a.b.c", "?ns=errors.", "?ns=%3Cscript%3E", `?ns=${Array.from({ length: 101 }, (_, i) => `n${i}`).join(",")}`, `?ns=${"a".repeat(41)}`]) {
      const response = await get(`/words/vi${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error).toMatch(/^ns:/);
    }
    expect((await get("/words/fr?ns=cart")).status).toBe(404);
  });
});

describe("the browser's translator, while a namespace is on its way", () => {
  it("answers nothing rather than the key, and the key once nothing is coming", () => {
    const partial = { brand: vi.brand } as unknown as typeof vi;
    let coming = true;
    const t = makeTranslate("vi", partial, () => coming);
    expect(t("cart.title")).toBe("");
    coming = false;
    expect(t("cart.title")).toBe("cart.title");
    expect(t("brand")).toBe(vi.brand);
  });
});
