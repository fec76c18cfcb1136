// A readable reference page for the publishing API, rendered from its OpenAPI document. Pure; no scripts,
// no third-party requests.
import { StyleSheet, renderDocument } from './layout'

interface Operation {
  summary?: string
  description?: string
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string }>
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string }
  paths?: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}

const METHODS = ['get', 'put', 'post', 'delete']

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code,pre{font-family:ui-monospace,monospace}pre{background:#f5f5f5;padding:1rem;overflow:auto}
.op{border-top:1px solid #ddd;padding-top:.5rem}.method{display:inline-block;min-width:4.5rem;padding:0 .4rem;border-radius:4px;color:#fff;text-align:center}
.get{background:#2f6f3e}.put{background:#8a5a00}.post{background:#1f4f99}.delete{background:#a12b2b}`

function schemaName(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return ''
  const s = schema as { $ref?: string; type?: string; items?: unknown }
  if (s.$ref) return s.$ref.split('/').pop() ?? ''
  if (s.type === 'array') return `${schemaName(s.items)}[]`
  return s.type ?? ''
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const params = op.parameters ?? []
  const bodies = Object.entries(op.requestBody?.content ?? {})
  return (
    <section class="op">
      <h3><span class={`method ${method}`}>{method.toUpperCase()}</span> <code>/api{path}</code></h3>
      <p>{op.summary ?? ''}</p>
      {op.description && <p>{op.description}</p>}
      {params.length > 0 && (
        <>
          <h4>Parameters</h4>
          <ul>{params.map((p) => <li><code>{p.name}</code> ({p.in}{p.required ? ', required' : ''}) {p.description ?? ''}</li>)}</ul>
        </>
      )}
      {bodies.length > 0 && (
        <>
          <h4>Body</h4>
          <ul>{bodies.map(([type, c]) => <li><code>{type}</code>: <a href={`#schema-${schemaName(c.schema).replace('[]', '')}`}>{schemaName(c.schema)}</a></li>)}</ul>
        </>
      )}
      <h4>Responses</h4>
      <ul>{Object.entries(op.responses ?? {}).map(([status, r]) => <li><code>{status}</code> {r.description ?? ''}</li>)}</ul>
    </section>
  )
}

export function renderApiReference(document: unknown): string {
  const doc = document as OpenApiDocument
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => <OperationView method={m} path={path} op={item[m] as Operation} />),
  )
  return renderDocument(
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{doc.info.title}</title>
        <StyleSheet css={STYLE} />
      </head>
      <body>
        <h1>{doc.info.title} <small>{doc.info.version}</small></h1>
        <p>{doc.info.description ?? ''}</p>
        <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>
        <h2>Operations</h2>
        {operations}
        <h2>Schemas</h2>
        {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
          <section id={`schema-${name}`}><h3>{name}</h3><pre>{JSON.stringify(schema, null, 2)}</pre></section>
        ))}
      </body>
    </html>,
  )
}
