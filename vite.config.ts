import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { unitsOf } from "./app/locales/dictionary";
import vi from "./app/locales/vi";
import { keysOf, routeWordsPlugin } from "./scripts/route-words";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The app's modules that every page loads (the root route's and the client entry's), put in one
 * chunk with React and Remix instead of eight small ones: ~3 KB gzip less per page, each file's
 * import lines and gzip framing (issue 16, decision 048). Only modules every page loads belong
 * here (meta.ts: 70 of 79 routes, 0.3 KB); a module many pages skip would be sent to them all.
 */
const SHELL = [
  "/app/utils/use-t.ts",
  "/app/utils/translate.ts",
  "/app/locales/dictionary.ts",
  "/app/utils/i18n.ts",
  "/app/utils/root-data.ts",
  "/app/utils/nonce.ts",
  "/app/utils/meta.ts",
  "/app/components/search-box.tsx",
];

export default defineConfig({
  server: { port: 3000 },
  // Keep Vite's manifest (build/.vite/client-manifest.json, not served): the JavaScript
  // budget (scripts/js-budget.ts) finds the dictionary chunks in it.
  // es2022: route modules await their words at the top (scripts/route-words.ts; Chrome 89+, Safari 15+).
  build: {
    manifest: true,
    target: "es2022",
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (SHELL.some((file) => id.endsWith(file))) return "shell";
          return undefined;
        },
      },
    },
  },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    // Each route's namespaces of the dictionary, for the document and the route modules (decision 048).
    routeWordsPlugin({ appDir: fileURLToPath(new URL("./app", import.meta.url)), namespaces: () => unitsOf(vi), keys: () => keysOf(vi) }),
  ],
});
