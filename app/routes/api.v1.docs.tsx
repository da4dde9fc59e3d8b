/**
 * The API's documentation page, rendered on the server from the same
 * OpenAPI document /api/v1/openapi.json serves (decision 044): endpoints,
 * scopes, parameters, bodies and answers, problem types. No script, no
 * third-party CDN.
 */
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/utils/meta";
import { openApiDocument } from "~/utils/openapi.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiDocs");

type Operation = {
  operationId: string;
  summary: string;
  description: string;
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

export function loader() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      id: op.operationId,
      summary: op.summary,
      description: op.description,
      parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, description: p.description ?? "" })),
      body: op.requestBody ? JSON.stringify(op.requestBody.content["application/json"].schema) : null,
      responses: Object.entries(op.responses).map(([status, r]) => ({ status, description: r.description, schema: r.content ? JSON.stringify(Object.values(r.content)[0].schema) : null })),
    })),
  );
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description,
    operations,
    schemas: Object.entries(doc.components.schemas).map(([name, schema]) => ({ name, json: JSON.stringify(schema, null, 2) })),
    problems: doc["x-problem-types"],
  };
}

const refName = (json: string | null) => (json ? (/"#\/components\/schemas\/(\w+)"/.exec(json)?.[1] ?? null) : null);

export default function ApiDocs() {
  const { title, version, description, operations, schemas, problems } = useLoaderData<typeof loader>();
  // The reference is in English, as the document is; the product's pages stay bilingual.
  return (
    <article className="api-docs" lang="en">
      <h1>
        {title} v{version}
      </h1>
      <p>{description}</p>
      <p>
        <a href="/api/v1/openapi.json">openapi.json</a>
      </p>
      <nav aria-label="Endpoints">
        <ul>
          {operations.map((op) => (
            <li key={op.id}>
              <a href={`#${op.id}`}>
                <code>
                  {op.method} {op.path}
                </code>
              </a>{" "}
              — {op.summary}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map((op) => (
        <section key={op.id} id={op.id} className="card">
          <h2>
            <code>
              {op.method} /api/v1{op.path}
            </code>
          </h2>
          <p>
            {op.summary}. {op.description}
          </p>
          {op.parameters.length ? (
            <table>
              <caption>Parameters</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">In</th>
                  <th scope="col">Required</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {op.parameters.map((p) => (
                  <tr key={`${p.in}-${p.name}`}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{p.in}</td>
                    <td>{p.required ? "yes" : "no"}</td>
                    <td>{p.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {op.body ? (
            <p>
              Body: <a href={`#schema-${refName(op.body)}`}>{refName(op.body)}</a> (application/json)
            </p>
          ) : null}
          <ul>
            {op.responses.map((r) => (
              <li key={r.status}>
                <strong>{r.status}</strong> {r.description} {refName(r.schema) ? <a href={`#schema-${refName(r.schema)}`}>{refName(r.schema)}</a> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Problem types</h2>
      <dl>
        {problems.map((p) => (
          <div key={p.type} id={`problem-${p.type.split("#problem-")[1]}`}>
            <dt>
              <code>{p.type}</code>
            </dt>
            <dd>{p.title}</dd>
          </div>
        ))}
      </dl>
      <h2>Schemas</h2>
      {schemas.map((s) => (
        <section key={s.name} id={`schema-${s.name}`}>
          <h3>{s.name}</h3>
          <pre className="api-schema" tabIndex={0} aria-label={`${s.name} JSON Schema`}>
            {s.json}
          </pre>
        </section>
      ))}
    </article>
  );
}
