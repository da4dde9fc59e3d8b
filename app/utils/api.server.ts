/**
 * The JSON API's side of a request (decision 044), the one way an
 * /api/v1 route answers: bearer token → rate limit → the token's kind and
 * scope → path, query and body validated by the endpoint's zod schemas
 * (app/validation/api.ts) → the Idempotency-Key of a POST → one call of a
 * model → JSON. Every refusal is an RFC 9457 problem+json naming its fields;
 * hostile input (bad JSON, another content type, a huge body, a bad id)
 * is a 4xx, never a 500.
 */
import { createHash } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "~/validation/zod";
import { ApiLineErrors } from "~/models/api.server";
import { authenticateApiToken, claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer, type ApiPrincipal } from "~/models/api-token.server";
import { DomainError } from "~/policy/errors";
import { ENDPOINTS, type Endpoint, type EndpointName } from "~/validation/api";
import { limits, type ApiAllowance } from "./rate-limit.server";

export const MAX_JSON_BYTES = 256 * 1024;
/** How much of a refused body is still read, and dropped, so the client hears the answer rather than a reset (as readForm does). */
const DRAIN_BYTES = 16 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already = 0): Promise<void> {
  let size = already;
  while (size <= DRAIN_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel();
}

export const PROBLEM_TITLES = {
  unauthorized: "The token is missing, unknown, expired or revoked.",
  "insufficient-scope": "The token's scopes do not allow this.",
  "wrong-token-kind": "This endpoint is for another kind of token (company or farm).",
  "rate-limited": "Too many requests for this token; wait and retry.",
  "not-found": "Not found.",
  forbidden: "Not allowed.",
  conflict: "The state moved on; read it again.",
  "invalid-input": "The input is not valid.",
  "bad-json": "The body is not valid JSON.",
  "unsupported-media-type": "The body must be application/json.",
  "too-large": "The body is too large.",
  "idempotency-key-required": "A POST needs an Idempotency-Key header.",
  "idempotency-key-reused": "This Idempotency-Key was used with a different request.",
  "idempotency-key-in-use": "A request with this Idempotency-Key is still running; retry shortly.",
} as const;
export type ProblemType = keyof typeof PROBLEM_TITLES;

export type FieldProblem = { field: string; code: string };

export class ApiProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly status: number,
    readonly options: { detail?: string; errors?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(type);
  }
}

export function problemBody(type: ProblemType, status: number, detail?: string, errors?: FieldProblem[]) {
  return { type: `/api/v1/docs#problem-${type}`, title: PROBLEM_TITLES[type], status, ...(detail ? { detail } : {}), ...(errors?.length ? { errors } : {}) };
}

function problemResponse(problem: ApiProblem, headers: Headers): Response {
  for (const [k, v] of Object.entries(problem.options.headers ?? {})) headers.set(k, v);
  headers.set("Content-Type", "application/problem+json");
  return new Response(JSON.stringify(problemBody(problem.type, problem.status, problem.options.detail, problem.options.errors)), { status: problem.status, headers });
}

export function zodProblems(error: z.ZodError, prefix = ""): FieldProblem[] {
  return error.issues.map((i) => ({ field: prefix + i.path.map(String).join("."), code: i.message }));
}

/** A DomainError from a command, as the API says it. */
export function domainProblem(error: DomainError): ApiProblem {
  switch (error.kind) {
    case "not_found":
      return new ApiProblem("not-found", 404);
    case "forbidden":
      return new ApiProblem("forbidden", 403, { detail: error.code });
    case "conflict":
      return new ApiProblem("conflict", 409, { detail: error.code, errors: error.field ? [{ field: error.field, code: error.code }] : undefined });
    case "invalid":
      return new ApiProblem("invalid-input", 422, { detail: error.code, errors: [{ field: error.field ?? "", code: error.formMessage }] });
  }
}

/** The body as text, refused when it is not JSON or over the limit (read no further than that). */
async function readJsonText(request: Request): Promise<string> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase().split(";")[0].trim();
  if (type !== "application/json") throw new ApiProblem("unsupported-media-type", 415);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await drain(reader, size);
      throw new ApiProblem("too-large", 413, { detail: `At most ${MAX_JSON_BYTES} bytes.` });
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiProblem("bad-json", 400, { detail: "Not UTF-8." });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiProblem("bad-json", 400);
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiProblem("invalid-input", 422, { errors: zodProblems(result.error, prefix) });
  return result.data;
}

function rateHeaders(headers: Headers, allowance: ApiAllowance): void {
  headers.set("RateLimit-Limit", String(allowance.limit));
  headers.set("RateLimit-Remaining", String(allowance.remaining));
  headers.set("RateLimit-Reset", String(allowance.resetSeconds));
  headers.set("RateLimit-Policy", `${allowance.limit};w=60`);
}

type Input<E extends Endpoint> = {
  principal: ApiPrincipal;
  params: E["params"] extends z.ZodType ? z.output<E["params"]> : Record<string, never>;
  query: E["query"] extends z.ZodType ? z.output<E["query"]> : Record<string, never>;
  body: E["body"] extends z.ZodType ? z.output<E["body"]> : undefined;
  /** The POST's Idempotency-Key (for a command that keys its own effect on it). */
  idempotencyKey: string | null;
};

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * A loader or action for one endpoint. `handle` gets the validated input
 * and returns the body of the endpoint's success status; a DomainError it
 * throws becomes its problem.
 */
export function apiEndpoint<N extends EndpointName>(name: N, handle: (input: Input<(typeof ENDPOINTS)[N]>) => Promise<z.input<(typeof ENDPOINTS)[N]["response"]>>) {
  const endpoint: Endpoint = ENDPOINTS[name];
  return async ({ request, params }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    const headers = new Headers({ "Cache-Control": "no-store" });
    let principal: ApiPrincipal | null = null;
    let claimedKey: string | null = null;
    try {
      const auth = request.headers.get("Authorization") ?? "";
      const bearer = /^Bearer ([\x21-\x7e]{1,200})$/.exec(auth);
      principal = bearer ? await authenticateApiToken(bearer[1]) : null;
      if (!principal) throw new ApiProblem("unauthorized", 401, { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });
      const allowance = await limits().takeApiRequest(principal.tokenId);
      rateHeaders(headers, allowance);
      if (!allowance.allowed) throw new ApiProblem("rate-limited", 429, { headers: { "Retry-After": String(allowance.resetSeconds) } });
      if (!endpoint.owners.includes(principal.owner.kind)) throw new ApiProblem("wrong-token-kind", 403, { detail: `Needs a ${endpoint.owners.join(" or ")} token.` });
      if (!principal.scopes.includes(endpoint.scope)) {
        throw new ApiProblem("insufficient-scope", 403, {
          detail: `Needs the scope ${endpoint.scope}.`,
          headers: { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${endpoint.scope}"` },
        });
      }
      // A malformed id is an id that does not exist.
      const pathParams = endpoint.params ? endpoint.params.safeParse(params) : null;
      if (pathParams && !pathParams.success) throw new ApiProblem("not-found", 404);
      const url = new URL(request.url);
      const query = endpoint.query ? parseWith(endpoint.query, Object.fromEntries(url.searchParams)) : {};

      let body: unknown = undefined;
      let idempotencyKey: string | null = null;
      if (endpoint.method === "post") {
        idempotencyKey = request.headers.get("Idempotency-Key");
        if (idempotencyKey === null || !KEY.test(idempotencyKey)) {
          throw new ApiProblem("idempotency-key-required", 400, { errors: [{ field: "Idempotency-Key", code: "errors.api.idempotencyKey" }] });
        }
        const text = await readJsonText(request);
        const hash = createHash("sha256").update(`${endpoint.method} ${url.pathname}\n${text}`).digest("hex");
        const claim = await claimIdempotencyKey(principal.tokenId, idempotencyKey, hash);
        if (claim.kind === "mismatch") throw new ApiProblem("idempotency-key-reused", 422, { errors: [{ field: "Idempotency-Key", code: "errors.api.idempotencyKeyReused" }] });
        if (claim.kind === "running") throw new ApiProblem("idempotency-key-in-use", 409, { headers: { "Retry-After": "1" } });
        if (claim.kind === "replay") {
          headers.set("Idempotent-Replayed", "true");
          headers.set("Content-Type", claim.answer.status >= 400 ? "application/problem+json" : "application/json");
          return new Response(JSON.stringify(claim.answer.body), { status: claim.answer.status, headers });
        }
        claimedKey = idempotencyKey;
        body = parseWith(endpoint.body!, parseJson(text));
      }

      const result = await handle({
        principal,
        params: (pathParams?.data ?? {}) as never,
        query: query as never,
        body: body as never,
        idempotencyKey,
      });
      // A file (the invoice's PDF) goes out as it is, with the rate-limit headers.
      if (endpoint.binary && result instanceof Response) {
        for (const [name, value] of headers) result.headers.set(name, value);
        return result;
      }
      // The answer is what the document says it is (checked outside production; typed everywhere).
      if (process.env.NODE_ENV !== "production") endpoint.response.parse(result);
      return await answer(endpoint.status, result, headers, principal, claimedKey);
    } catch (error) {
      const problem =
        error instanceof ApiProblem
          ? error
          : error instanceof DomainError
            ? domainProblem(error)
            : error instanceof ApiLineErrors
              ? new ApiProblem(error.kind === "conflict" ? "conflict" : "invalid-input", error.kind === "conflict" ? 409 : 422, { detail: error.code, errors: error.errors })
              : null;
      if (!problem) {
        if (principal && claimedKey) await releaseIdempotencyKey(principal.tokenId, claimedKey);
        throw error;
      }
      if (principal && claimedKey) await storeIdempotentAnswer(principal.tokenId, claimedKey, { status: problem.status, body: problemBody(problem.type, problem.status, problem.options.detail, problem.options.errors) });
      // A body refused before it was read (no token, no scope, no key) is read and dropped first.
      if (request.body && !request.bodyUsed) await drain(request.body.getReader());
      return problemResponse(problem, headers);
    }
  };
}

async function answer(status: number, body: unknown, headers: Headers, principal: ApiPrincipal, claimedKey: string | null): Promise<Response> {
  if (claimedKey) await storeIdempotentAnswer(principal.tokenId, claimedKey, { status, body });
  headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}
