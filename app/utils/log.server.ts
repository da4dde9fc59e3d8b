/**
 * The one logger (pino). JSON lines in production (LOG_FORMAT=json, the
 * default there): each line carries the time, level, message and — inside a
 * request — the request's id, which the response also carries as
 * X-Request-Id, so a user's report ("mã yêu cầu …") finds every line of it.
 * In development the same lines, printed for people (pino-pretty).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import pino, { type Logger } from "pino";
import { requestScope, runInRequestScope } from "./request-scope.server";

function makeLogger(): Logger {
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "production" ? "json" : "pretty");
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Every line written while a request is handled names it — once: pino-http's logger for the
    // request already carries the id it was given (a key written twice is not JSON a reader can trust).
    mixin: (_merged, _level, logger) => {
      const scope = requestScope();
      return scope && !("reqId" in logger.bindings()) ? { reqId: scope.reqId } : {};
    },
  };
  if (format === "pretty") {
    // pino-pretty as a synchronous stream (no worker thread): lines appear in order with console output.
    return pino(options, prettyStream());
  }
  return pino(options, pino.destination({ sync: true }));
}

function prettyStream(): NodeJS.WritableStream {
  // Loaded only where it is used; a dependency, so the production image has it too (LOG_FORMAT=pretty).
  const pretty = createRequire(import.meta.url)("pino-pretty") as (o: object) => NodeJS.WritableStream;
  return pretty({ sync: true, colorize: process.stdout.isTTY, translateTime: "HH:MM:ss", ignore: "pid,hostname" });
}

export const log: Logger = makeLogger();

/** An id a client or proxy may send: letters, digits, - and _, up to 64. Anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Runs the rest of a request inside its scope (request-scope.server.ts), so log lines carry its id; sets X-Request-Id. */
export function withRequestContext(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  // pino-http has given it an id already (genReqId); else one is made here.
  const given = (request as { id?: unknown }).id;
  const reqId = typeof given === "string" ? given : requestIdFor(request);
  response.setHeader("X-Request-Id", reqId);
  runInRequestScope(reqId, () => {
    // What the request kept is let go with it (a connection or client made while answering keeps the scope it was made in).
    const scope = requestScope();
    response.once("close", () => scope?.memo.clear());
    next();
  });
}
