/**
 * The OpenAPI 3.1 document of /api/v1, generated from ENDPOINTS and the zod
 * schemas the handlers validate with (zod 4's own z.toJSONSchema, JSON
 * Schema 2020-12, which OpenAPI 3.1 uses as is; decision 044). Nothing in
 * it is written by hand but the prose.
 */
import { ENDPOINTS, type Endpoint } from "~/validation/api";
import { z } from "~/validation/zod";
import { MAX_JSON_BYTES, PROBLEM_TITLES } from "./api.server";
import { API_LIMITS } from "./rate-limit.server";

type JsonSchema = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

function componentSchemas(): Record<string, JsonSchema> {
  const all = z.toJSONSchema(z.globalRegistry, { io: "input", target: "draft-2020-12", unrepresentable: "any", uri: REF }).schemas;
  return Object.fromEntries(
    Object.entries(all).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function schemaOf(schema: z.ZodType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}

const RATE_HEADERS = {
  "RateLimit-Limit": { description: "Requests allowed per window.", schema: { type: "integer" } },
  "RateLimit-Remaining": { description: "Requests left in the window.", schema: { type: "integer" } },
  "RateLimit-Reset": { description: "Seconds until the window resets.", schema: { type: "integer" } },
};

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: REF("Problem") } } } });

function operation(name: string, e: Endpoint) {
  const idempotency =
    e.method === "post"
      ? [{ name: "Idempotency-Key", in: "header", required: true, description: "1–255 printable characters; a replay returns the first answer.", schema: { type: "string", minLength: 1, maxLength: 255 } }]
      : [];
  return {
    operationId: name,
    summary: e.summary,
    description: `Scope: \`${e.scope}\`. Token: ${e.owners.join(" or ")}.`,
    security: [{ bearer: [e.scope] }],
    "x-scope": e.scope,
    "x-token-kinds": e.owners,
    parameters: [...parametersOf(e.params, "path"), ...parametersOf(e.query, "query"), ...idempotency],
    ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(e.body) } } } } : {}),
    responses: {
      [String(e.status)]: {
        description: e.status === 201 ? "Created" : "OK",
        headers: RATE_HEADERS,
        content: e.binary ? { [e.binary]: { schema: { type: "string", format: "binary" } } } : { "application/json": { schema: schemaOf(e.response) } },
      },
      ...(e.method === "post"
        ? {
            "400": problem("Bad JSON, or no Idempotency-Key."),
            "409": problem("A conflict (the state moved on), or the same Idempotency-Key still running."),
            "413": problem(`A body over ${MAX_JSON_BYTES} bytes.`),
            "415": problem("Not application/json."),
          }
        : {}),
      "401": problem("No token, or an unknown, expired or revoked one."),
      "403": problem("The token lacks the scope, or is of the other kind."),
      "404": problem("Not found, or not the token's own."),
      "422": problem("Invalid input: `errors` names each field."),
      "429": problem("Rate limited: see Retry-After."),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, e] of Object.entries(ENDPOINTS) as [string, Endpoint][]) {
    paths[e.path] = { ...paths[e.path], [e.method]: operation(name, e) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Nông Sản Số API",
      version: "1.0.0",
      description: [
        "Tokens are made on /business/{id}/api (a company) or /sell/api (a farm) and sent as `Authorization: Bearer …`.",
        `Each token may make ${API_LIMITS.perToken.points} requests a minute.`,
        "Errors are RFC 9457 problem details. Every POST needs an Idempotency-Key.",
        "Versioning: docs/api-versioning.md — within v1 changes only add; a breaking change is /api/v2.",
      ].join(" "),
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (nss_…)." } },
    },
    "x-problem-types": Object.entries(PROBLEM_TITLES).map(([type, title]) => ({ type: `/api/v1/docs#problem-${type}`, title })),
  };
}
