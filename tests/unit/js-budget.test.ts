/**
 * scripts/js-budget.ts counts what a page loads: a tiny build made here
 * (a Remix manifest, Vite's manifest, and files of known content), and the
 * sizes the script reports checked against gzip of the same files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measure, pageScripts, readManifest, routeChain, type RemixManifest } from "../../scripts/js-budget";

let dir: string;
let client: string;
const contents: Record<string, string> = {};

/** Text that gzip cannot shrink much, so sizes differ clearly from file to file. */
function noise(seed: number, length: number): string {
  let x = seed;
  let out = "";
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += String.fromCharCode(33 + (x % 90));
  }
  return out;
}

function asset(name: string, seed: number, length: number) {
  contents[`/assets/${name}`] = `export const v=${JSON.stringify(noise(seed, length))};`;
  writeFileSync(join(client, "assets", name), contents[`/assets/${name}`]);
}

const gz = (file: string) => gzipSync(Buffer.from(contents[file]), { level: 9 }).length;

const manifest: RemixManifest = {
  entry: { module: "/assets/entry.js", imports: ["/assets/shared.js"] },
  routes: {
    root: { id: "root", module: "/assets/root.js", imports: ["/assets/shared.js", "/assets/nav.js"] },
    "routes/shop": { id: "routes/shop", parentId: "root", module: "/assets/shop.js", imports: ["/assets/shared.js", "/assets/form.js"] },
    "routes/shop.item": { id: "routes/shop.item", parentId: "routes/shop", module: "/assets/item.js", imports: ["/assets/nav.js"] },
    "routes/about": { id: "routes/about", parentId: "root", module: "/assets/about.js" },
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "js-budget-"));
  client = join(dir, "client");
  mkdirSync(join(client, "assets"), { recursive: true });
  mkdirSync(join(dir, ".vite"), { recursive: true });
  writeFileSync(join(client, "assets", "manifest-abc123.js"), `window.__remixManifest=${JSON.stringify(manifest)};`);
  const sizes: Record<string, number> = { "entry.js": 300, "shared.js": 5000, "root.js": 700, "nav.js": 400, "shop.js": 900, "form.js": 2000, "item.js": 600, "about.js": 100 };
  Object.entries(sizes).forEach(([name, length], i) => asset(name, i + 1, length));
  asset("vi-1.js", 91, 3000);
  asset("en-1.js", 92, 2500);
  asset("words-1.js", 93, 800);
  writeFileSync(
    join(dir, ".vite", "client-manifest.json"),
    JSON.stringify({
      "app/locales/vi.ts": { file: "assets/vi-1.js", src: "app/locales/vi.ts", isDynamicEntry: true, imports: ["_words"] },
      "app/locales/en.ts": { file: "assets/en-1.js", src: "app/locales/en.ts", isDynamicEntry: true, imports: ["_words", "_shared"] },
      _words: { file: "assets/words-1.js" },
      _shared: { file: "assets/shared.js" },
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the JavaScript budget script", () => {
  it("reads the Remix manifest out of its script", () => {
    expect(readManifest(client)).toEqual(manifest);
  });

  it("walks from root down to the page's route", () => {
    expect(routeChain(manifest, "routes/shop.item").map((r) => r.id)).toEqual(["root", "routes/shop", "routes/shop.item"]);
    expect(() => routeChain(manifest, "routes/nowhere")).toThrow(/not in the build manifest/);
  });

  it("lists each file the page loads once: entry, each route of the chain and its imports", () => {
    expect(pageScripts(manifest, "routes/shop.item")).toEqual([
      "/assets/entry.js",
      "/assets/shared.js",
      "/assets/root.js",
      "/assets/nav.js",
      "/assets/shop.js",
      "/assets/form.js",
      "/assets/item.js",
    ]);
    expect(pageScripts(manifest, "routes/about")).not.toContain("/assets/form.js");
  });

  it("adds the gzip sizes of those files and of the heavier dictionary, and says which pages are over", () => {
    const [item, about] = measure(client, [
      { page: "/shop/item", route: "routes/shop.item", limitKb: 100 },
      { page: "/about", route: "routes/about", limitKb: 1 },
    ]);
    const page = ["entry", "shared", "root", "nav", "shop", "form", "item"].map((n) => `/assets/${n}.js`);
    // vi: its chunk and the words chunk; en: its chunk and the words chunk (shared.js is loaded anyway).
    const vi = gz("/assets/vi-1.js") + gz("/assets/words-1.js");
    const en = gz("/assets/en-1.js") + gz("/assets/words-1.js");
    const dictionary = Math.max(vi, en);
    expect(vi).not.toBe(en);
    expect(item.files.map((f) => f.file)).toEqual([...page, vi > en ? "/assets/vi-1.js" : "/assets/en-1.js", "/assets/words-1.js"]);
    expect(item.gzip).toBe(page.reduce((sum, f) => sum + gz(f), 0) + dictionary);
    expect(item.bytes).toBe(item.files.reduce((sum, f) => sum + Buffer.byteLength(contents[f.file]), 0));
    expect(item.over).toBe(false);
    const aboutGzip = ["entry", "shared", "root", "nav", "about"].reduce((sum, n) => sum + gz(`/assets/${n}.js`), 0) + dictionary;
    expect(about.gzip).toBe(aboutGzip);
    expect(about.over).toBe(aboutGzip > 1000);
    expect(about.over).toBe(true);
  });

  it("refuses a build without Vite's manifest rather than counting too little", () => {
    const other = mkdtempSync(join(tmpdir(), "js-budget-bare-"));
    try {
      mkdirSync(join(other, "client", "assets"), { recursive: true });
      writeFileSync(join(other, "client", "assets", "manifest-1.js"), `window.__remixManifest=${JSON.stringify(manifest)};`);
      expect(() => measure(join(other, "client"))).toThrow(/client-manifest\.json is missing/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
