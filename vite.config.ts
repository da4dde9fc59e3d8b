import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import vi from "./app/locales/vi";
import { routeWordsPlugin } from "./scripts/route-words";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  // Keep Vite's manifest (build/.vite/client-manifest.json, not served): the JavaScript
  // budget (scripts/js-budget.ts) finds the dictionary chunks in it.
  // es2022: route modules await their words at the top (scripts/route-words.ts; Chrome 89+, Safari 15+).
  build: { manifest: true, target: "es2022" },
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
    routeWordsPlugin({ appDir: fileURLToPath(new URL("./app", import.meta.url)), namespaces: () => Object.keys(vi) }),
  ],
});
