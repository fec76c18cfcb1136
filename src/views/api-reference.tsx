// A readable reference page for the publishing API, rendered from its OpenAPI document: a table of contents, the
// operations, then each schema folded (its JSON opens on demand). Pure; no scripts, no third-party requests.
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

const STYLE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#555;--line:#ddd;--code:#f5f5f5;--link:#1f4f99}
@media (prefers-color-scheme:dark){:root{--bg:#15161a;--fg:#ecebe6;--muted:#b0afa9;--line:#3a3d46;--code:#24262d;--link:#9cc0ff}}
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:var(--bg);color:var(--fg)}
header,main{max-width:60rem;margin:0 auto;padding:0 1rem}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-10rem;background:var(--bg);padding:.3rem .6rem}.skip:focus{top:.5rem}
code,pre{font-family:ui-monospace,monospace}pre{background:var(--code);padding:1rem;overflow:auto;max-height:30rem}
nav ol{columns:2 18rem;padding-left:1.5rem}
.op{border-top:1px solid var(--line);padding-top:.5rem}.op h3{margin:.5rem 0}
.method{display:inline-block;min-width:4.5rem;padding:0 .4rem;border-radius:4px;color:#fff;text-align:center}
.get{background:#2f6f3e}.put{background:#8a5a00}.post{background:#1f4f99}.delete{background:#a12b2b}
details{border-top:1px solid var(--line);padding:.3rem 0}summary{cursor:pointer}`

function schemaName(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return ''
  const s = schema as { $ref?: string; type?: string; items?: unknown }
  if (s.$ref) return s.$ref.split('/').pop() ?? ''
  if (s.type === 'array') return `${schemaName(s.items)}[]`
  return s.type ?? ''
}

/** The fragment of an operation: `op-put-articles-id`. */
function operationId(method: string, path: string): string {
  return `op-${method}${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const params = op.parameters ?? []
  const bodies = Object.entries(op.requestBody?.content ?? {})
  return (
    <section class="op" id={operationId(method, path)}>
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
    METHODS.filter((m) => item[m]).map((m) => ({ method: m, path, op: item[m] as Operation })),
  )
  const schemas = Object.entries(doc.components?.schemas ?? {})
  return renderDocument(
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{doc.info.title}</title>
        <meta name="description" content={doc.info.description ?? doc.info.title} />
        <meta name="color-scheme" content="light dark" />
        <StyleSheet css={STYLE} />
      </head>
      <body>
        <a class="skip" href="#main">Skip to the reference</a>
        <header>
          <h1>{doc.info.title} <small>{doc.info.version}</small></h1>
          <p>{doc.info.description ?? ''}</p>
          <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>
          <nav aria-labelledby="toc-title">
            <h2 id="toc-title">Contents</h2>
            <ol>
              {operations.map(({ method, path }) => <li><a href={`#${operationId(method, path)}`}>{method.toUpperCase()} /api{path}</a></li>)}
              <li><a href="#schemas">Schemas</a></li>
            </ol>
          </nav>
        </header>
        <main id="main">
          <h2>Operations</h2>
          {operations.map((o) => <OperationView method={o.method} path={o.path} op={o.op} />)}
          <h2 id="schemas">Schemas</h2>
          {schemas.map(([name, schema]) => (
            <details id={`schema-${name}`}>
              <summary><code>{name}</code></summary>
              <pre tabindex={0} aria-label={`${name} JSON Schema`}>{JSON.stringify(schema, null, 2)}</pre>
            </details>
          ))}
        </main>
      </body>
    </html>,
  )
}
