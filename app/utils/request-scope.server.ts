/**
 * What one HTTP request shares across everything that answers it: its id
 * (for log lines) and answers worth asking for once (the session).
 *
 * Why not the Request object: Remix hands each loader a Request of its own,
 * made afresh from the one it received (it strips `index` and `_routes` from
 * the address: @remix-run/server-runtime, callRouteLoader), so a memo keyed
 * on a Request is never found by the next loader of the same page. The
 * Express middleware runs the rest of the request inside this scope
 * (withRequestContext in log.server.ts), and every loader of the page runs
 * inside it.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestScope = {
  reqId: string;
  /** Answers kept for the rest of this request, by key; see session.server.ts. */
  memo: Map<string, Promise<unknown>>;
};

/**
 * One store for the process, kept on globalThis: server.ts loads this module
 * from app/, and the production build bundles a copy of its own (as with the
 * database pool in db/client.ts). Two stores would leave the build's loaders
 * outside the scope server.ts opened — no request id on their log lines, and
 * the session asked for by every loader.
 */
const KEY = Symbol.for("nss.requestScope");
const storage = ((globalThis as { [KEY]?: AsyncLocalStorage<RequestScope> })[KEY] ??= new AsyncLocalStorage<RequestScope>());

/** Runs `work` (and everything it starts) inside a new scope for the request `reqId`. */
export function runInRequestScope<T>(reqId: string, work: () => T): T {
  return storage.run({ reqId, memo: new Map() }, work);
}

/** The scope of the request being answered; undefined outside one (jobs, scripts, a test calling a loader by hand). */
export function requestScope(): RequestScope | undefined {
  return storage.getStore();
}
