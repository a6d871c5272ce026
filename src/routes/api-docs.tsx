import type { Child, FC } from "hono/jsx";
import { createRouter } from "../env";
import { PROBLEM_TYPES } from "../lib/problem";
import { buildOpenApiDocument, type OpenApiDocument } from "../openapi/document";
import { renderDocument } from "../render/layout";
import { STYLESHEET_PATH } from "../render/site-css";

// GET /api/v1/openapi.json and GET /api/docs: one document, rendered twice.

export const apiDocs = createRouter();

apiDocs.get("/v1/openapi.json", (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.json(buildOpenApiDocument(c.var.site));
});

apiDocs.get("/docs", (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.html(
    renderDocument(<DocsPage doc={buildOpenApiDocument(c.var.site)} siteTitle={c.var.site.title} />),
  );
});

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string }>;
}

const METHODS = ["get", "post", "patch", "delete"] as const;

const DocsPage: FC<{ doc: OpenApiDocument; siteTitle: string }> = ({ doc, siteTitle }) => {
  const schemas = doc.components.schemas as Record<string, Json>;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method];
      return op ? [{ path, method, op }] : [];
    }),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{doc.info.title}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <header class="site-header">
          <div class="wrap">
            <a class="site-title" href="/">
              {siteTitle}
            </a>
          </div>
        </header>
        <main class="wrap api-docs">
          <h1>{doc.info.title}</h1>
          <p>{doc.info.description}</p>
          <p>
            Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Micropub
            clients discover <code>/micropub</code> through its <code>Link: rel="micropub"</code> header.
          </p>
          <h2>Operations</h2>
          <ul>
            {operations.map(({ path, method }) => (
              <li>
                <a href={`#${anchor(method, path)}`}>
                  <code>
                    {method.toUpperCase()} {path}
                  </code>
                </a>
              </li>
            ))}
          </ul>
          {operations.map(({ path, method, op }) => (
            <OperationSection path={path} method={method} op={op} schemas={schemas} />
          ))}
          <h2 id="errors">Error types</h2>
          <p>
            Every error is <code>application/problem+json</code> (RFC 9457) with <code>type</code>,{" "}
            <code>title</code>, <code>status</code>, <code>detail</code> and, for field errors,{" "}
            <code>errors[]</code> of <code>{"{pointer, detail}"}</code>.
          </p>
          <dl>
            {Object.entries(PROBLEM_TYPES).map(([type, text]) => (
              <>
                <dt>
                  <code>/problems/{type}</code>
                </dt>
                <dd>{text}</dd>
              </>
            ))}
          </dl>
        </main>
      </body>
    </html>
  );
};

const OperationSection: FC<{
  path: string;
  method: string;
  op: Operation;
  schemas: Record<string, Json>;
}> = ({ path, method, op, schemas }) => {
  const scopes = [...new Set((op.security ?? []).flatMap((s) => Object.values(s).flat()))];
  const anonymous = !op.security || op.security.some((s) => Object.keys(s).length === 0);
  const bodies = Object.entries(op.requestBody?.content ?? {});
  return (
    <section id={anchor(method, path)}>
      <h3>
        <code>
          {method.toUpperCase()} {path}
        </code>
      </h3>
      <p>{op.summary}</p>
      {op.description ? <p>{op.description}</p> : null}
      <p>
        Auth: {anonymous ? "none needed" : "bearer token"}
        {scopes.length > 0 ? `; scopes: ${scopes.join(", ")}` : ""}
      </p>
      {op.parameters && op.parameters.length > 0 ? (
        <HeadedTable headings={["Parameter", "In", "Type", "Notes"]}>
          {op.parameters.map((p) => (
            <tr>
              <td>
                <code>{p.name}</code>
                {p.required ? " (required)" : ""}
              </td>
              <td>{p.in}</td>
              <td>{typeOf(p.schema ?? {})}</td>
              <td>{[p.description, constraints(p.schema ?? {})].filter(Boolean).join(" — ")}</td>
            </tr>
          ))}
        </HeadedTable>
      ) : null}
      {bodies.map(([mediaType, { schema }]) => (
        <BodyFields mediaType={mediaType} schema={resolve(schema, schemas)} />
      ))}
      <ul>
        {Object.entries(op.responses).map(([status, r]) => (
          <li>
            <code>{status}</code> {r.description}
          </li>
        ))}
      </ul>
    </section>
  );
};

const BodyFields: FC<{ mediaType: string; schema: Json }> = ({ mediaType, schema }) => {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  if (Object.keys(properties).length === 0) return <p>Body: {mediaType}</p>;
  return (
    <HeadedTable caption={`Body (${mediaType})`} headings={["Field", "Type", "Constraints"]}>
      {Object.entries(properties).map(([name, s]) => (
        <tr>
          <td>
            <code>{name}</code>
            {required.has(name) ? " (required)" : ""}
          </td>
          <td>{typeOf(s)}</td>
          <td>{constraints(s)}</td>
        </tr>
      ))}
    </HeadedTable>
  );
};

/** A table of rows under one header row of plain headings, with an optional caption. */
const HeadedTable: FC<{ caption?: string; headings: string[]; children?: Child }> = (props) => (
  <table>
    {props.caption ? <caption>{props.caption}</caption> : null}
    <thead>
      <tr>
        {props.headings.map((heading) => (
          <th>{heading}</th>
        ))}
      </tr>
    </thead>
    <tbody>{props.children}</tbody>
  </table>
);

function resolve(schema: Json, schemas: Record<string, Json>): Json {
  const name = typeof schema.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined;
  return (name && schemas[name]) || schema;
}

function typeOf(schema: Json): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(" | ");
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return `${typeOf((schema.items as Json) ?? {})}[]`;
  return typeof schema.type === "string" ? schema.type : "any";
}

function constraints(schema: Json): string {
  const parts: string[] = [];
  for (const key of [
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "maxItems",
    "pattern",
    "format",
    "default",
  ]) {
    if (schema[key] !== undefined) parts.push(`${key} ${JSON.stringify(schema[key])}`);
  }
  return parts.join(", ");
}

function anchor(method: string, path: string): string {
  return `${method}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;
}
