/**
 * Which parts of the dictionary each page's code can show (decision 048,
 * "dictionary per route"): for every route module, the units of the
 * dictionary (namespaces: "cart", "checkout"; parts of a split one:
 * "errors.price"; app/locales/dictionary.ts) whose keys are written
 * in it or in the browser code it imports, followed through static and
 * dynamic imports inside app/. Server-only modules (*.server.*) and type-only
 * imports are not followed: their words reach the browser as data, and the
 * page's first render or the translator's fallback brings them.
 *
 * A key is found as a string or template literal that begins with a
 * namespace and a dot ("checkout.title", `orderStatus.${state}`) and is a
 * key of the dictionary or the start of some (`keyTest` below). Finding
 * too much costs a few bytes; finding too little costs a word drawn a
 * moment late (the translator fetches what it lacks), never a wrong word.
 *
 * Used at build time by the Vite plugin below: the browser's route modules
 * wait for their namespaces before they run (a top-level await), so a page
 * reached by a link is drawn with its words; the server reads the same table
 * to put a page's namespaces in the document it sends.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Plugin } from "vite";

const EXTENSIONS = [".tsx", ".ts", "/index.tsx", "/index.ts"];
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** The file an import names, if it is one of ours (app/ or db/), else null. */
function resolveImport(from: string, specifier: string, appDir: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = join(appDir, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return null;
  if (existsSync(base) && statSync(base).isFile()) return base;
  for (const extension of EXTENSIONS) if (existsSync(base + extension)) return base + extension;
  return null;
}

const isServerOnly = (file: string) => /\.server(\.|\/)/.test(file) || file.includes("/.server/");

/** Every key of a dictionary, in full ("cart.title", "errors.price.required"). */
export function keysOf(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([name, value]) =>
    typeof value === "object" && value !== null ? keysOf(value as object, `${prefix}${name}.`) : [`${prefix}${name}`],
  );
}

/**
 * Whether a literal can name words: with the dictionary's keys given, only a
 * literal that is a key, the start of a plural's keys ("cart.items" for
 * "cart.items_one") or a prefix of keys ("errors.price" for field helpers,
 * the fixed start of `orderStatus.${state}`) counts. So a string that only
 * looks like a key (the policy's action name "insights.view", an event name)
 * pulls no namespace into a page, wherever it is imported.
 */
type KeyTest = (literal: string, built: boolean) => boolean;

function keyTest(keys: Iterable<string> | undefined): KeyTest {
  if (!keys) return () => true;
  const all = [...keys].sort();
  const exact = new Set(all);
  // Binary search for the first key not below the prefix: is any key started by it?
  const startsAny = (prefix: string) => {
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (all[mid] < prefix) low = mid + 1;
      else high = mid;
    }
    return low < all.length && all[low].startsWith(prefix);
  };
  return (literal, built) => (built ? startsAny(literal) : exact.has(literal) || startsAny(`${literal}.`) || startsAny(`${literal}_`));
}

/**
 * The units written in one file's code: namespaces, and for a namespace that
 * travels by parts (app/locales/dictionary.ts: "errors") the part a literal
 * names ("errors.price"), or all of it when the part is built (`errors.${field}…`).
 * A literal is a key's whole text up to its closing quote, or the fixed start
 * of a template literal up to its first `${`.
 */
function namespacesIn(code: string, units: Set<string>, isKey: KeyTest = () => true): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(["'`])([a-zA-Z]\w*)\.(\$\{|[a-zA-Z_][\w:-]*)((?:\.[\w:-]+)*\.?)(\$\{|["'`|])?/g)) {
    const [, quote, namespace, next, rest, end] = match;
    if (!units.has(namespace)) continue;
    const built = next === "${" || end === "${";
    const literal = next === "${" ? `${namespace}.` : `${namespace}.${next}${rest}`;
    // Not a whole literal (the text goes on past the key-like start, or the quotes differ): never a key.
    // A key with its value after a bar ("errors.signup.limited|5", components/ui/field.tsx) is whole.
    if (!built && end !== quote && end !== "|") continue;
    if (!isKey(literal, built)) continue;
    const split = [...units].some((unit) => unit.startsWith(`${namespace}.`));
    if (!split || next === "${") found.add(namespace);
    else if (units.has(`${namespace}.${next}`)) found.add(`${namespace}.${next}`);
  }
  return [...found];
}

/** Every file a module reaches in the browser (itself included). */
function reach(entry: string, appDir: string, cache: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let imports = cache.get(file);
    if (!imports) {
      const code = readFileSync(file, "utf8");
      imports = [];
      for (const match of code.matchAll(IMPORT)) {
        if (match[1]) continue; // import type
        const target = resolveImport(file, match[2] ?? match[3], appDir);
        if (target && !isServerOnly(target) && /\.(tsx?|jsx?)$/.test(target)) imports.push(target);
      }
      cache.set(file, imports);
    }
    stack.push(...imports);
  }
  return seen;
}

/** The route id Remix gives a file: its path under app/ without the extension ("routes/checkout", "root"). */
export function routeIdOf(file: string, appDir: string): string {
  return relative(appDir, file).replace(/\.(tsx?|jsx?)$/, "");
}

/** Route id → the namespaces its browser code can show, sorted. */
export function routeWords(appDir: string, namespaceNames: Iterable<string>, keys?: Iterable<string>): Record<string, string[]> {
  const namespaces = new Set(namespaceNames);
  const isKey = keyTest(keys);
  const routesDir = join(appDir, "routes");
  const routes = [join(appDir, "root.tsx"), ...readdirSync(routesDir).filter((f) => /\.tsx$/.test(f)).map((f) => join(routesDir, f))];
  const imports = new Map<string, string[]>();
  const words = new Map<string, string[]>();
  const table: Record<string, string[]> = {};
  for (const route of routes) {
    const found = new Set<string>();
    for (const file of reach(route, appDir, imports)) {
      let inFile = words.get(file);
      if (!inFile) {
        inFile = namespacesIn(readFileSync(file, "utf8"), namespaces, isKey);
        words.set(file, inFile);
      }
      for (const ns of inFile) found.add(ns);
    }
    table[routeIdOf(route, appDir)] = [...found].sort();
  }
  return table;
}

export const ROUTE_WORDS_MODULE = "virtual:route-words";

/**
 * The Vite side: `virtual:route-words` is the table (for the server), and in
 * the browser's build every route module first awaits its namespaces
 * (`needWords` from app/locales/dictionary.ts) — so Remix, which imports a
 * route's module before it draws the route, draws a page reached by a link
 * with its words. On the first page they are already in the document, and the
 * await ends at once.
 */
export function routeWordsPlugin(options: { appDir: string; namespaces: () => Iterable<string>; keys?: () => Iterable<string> }): Plugin {
  const resolvedId = `\0${ROUTE_WORDS_MODULE}`;
  let table: Record<string, string[]> | null = null;
  const current = () => (table ??= routeWords(options.appDir, options.namespaces(), options.keys?.()));
  return {
    name: "nss-route-words",
    enforce: "pre",
    buildStart() {
      table = null;
    },
    resolveId(id) {
      return id === ROUTE_WORDS_MODULE ? resolvedId : null;
    },
    load(id) {
      return id === resolvedId ? `export default ${JSON.stringify(current())};` : null;
    },
    transform(code, id, transformOptions) {
      if (transformOptions?.ssr) return null;
      const file = id.split("?")[0];
      if (id.includes("?") || !file.startsWith(options.appDir)) return null;
      const routeId = routeIdOf(file, options.appDir);
      const namespaces = current()[routeId];
      if (!namespaces || namespaces.length === 0) return null;
      return {
        code: `import { needWords as __needWords } from "~/locales/dictionary";\nawait __needWords(${JSON.stringify(namespaces)});\n${code}`,
        map: null,
      };
    },
  };
}
