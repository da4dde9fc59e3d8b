/**
 * A typed client of /api/v1 for tests: openapi-fetch typed by the generated
 * tests/api/v1.ts, its requests answered by the real route modules
 * (app/routes/api.v1.*), found from their file names as Remix's flat routes
 * name them. A route that throws anything but a Response fails the test (it
 * would be a 500).
 */
import createClient from "openapi-fetch";
import type { paths } from "./v1";

type RouteModule = { loader?: (args: RouteArgs) => Promise<Response> | Response; action?: (args: RouteArgs) => Promise<Response> | Response };
type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, never> };

const modules = import.meta.glob<RouteModule>("../../app/routes/api.v1.*.ts");

/** "api.v1.orders_.$id.moves" → /^\/api\/v1\/orders\/(?<id>[^/]+)\/moves$/ */
function patternOf(file: string): RegExp {
  const name = file.replace(/^.*\//, "").replace(/\.ts$/, "").replace(/\[\.\]/g, "~");
  const segments = name.split(".").map((s) => {
    const part = s.replace(/_$/, "").replace(/~/g, "\\.");
    return part.startsWith("$") ? `(?<${part.slice(1)}>[^/]+)` : part;
  });
  return new RegExp(`^/${segments.join("/")}$`);
}

const routes = Object.entries(modules).map(([file, load]) => ({ pattern: patternOf(file), load }));

export async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const module = await route.load();
    const handler = request.method === "GET" ? module.loader : module.action;
    if (!handler) return new Response("Method Not Allowed", { status: 405 });
    try {
      return await handler({ request, params: { ...match.groups }, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }
  return new Response("Not Found", { status: 404 });
}

export const API_BASE = "http://localhost/api/v1";

/** A client bearing the token (or none). */
export function apiClient(token?: string) {
  return createClient<paths>({ baseUrl: API_BASE, fetch: dispatch, headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

/** A raw request to the API (for hostile bodies no typed client would send). */
export function rawRequest(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  return dispatch(new Request(API_BASE + path, { ...init, headers }));
}
