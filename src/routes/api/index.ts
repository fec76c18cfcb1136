// /api: the publishing API (bearer token), its OpenAPI document and a readable reference page.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { noStore, readOnly } from '../../http/headers'
import { validationHook } from '../../http/validation'
import { renderApiReference } from '../../views/api-reference'
import { articleRoutes } from './articles'
import { auditRoutes } from './audit'
import { adminOnly, audienceReaders, authenticate, permit } from './authorize'
import { keyRoutes } from './keys'
import { reindexRoutes } from './reindex'
import { sectionRoutes } from './sections'
import { sourceRoutes } from './sources'
import { statsRoutes } from './stats'

const OPENAPI_INFO = {
  title: 'Nashra publishing API',
  version: '1.0.0',
  description:
    'Put articles, sections and upstream sources into Nashra. Every call but this document and the reference page ' +
    'needs `Authorization: Bearer <key>`: an API key (admin, editor, importer or viewer; POST /keys) or the ' +
    'ADMIN_TOKEN secret. Errors are RFC 9457 application/problem+json; 403 names what the key may do.',
}

/** The reference page is one document with an inline style sheet: it loads nothing, runs nothing, is framed nowhere. */
const API_REFERENCE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const apiRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

apiRoutes.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })

function document() {
  return apiRoutes.getOpenAPI31Document({
    openapi: '3.1.0',
    info: OPENAPI_INFO,
    security: [{ bearer: [] }],
    servers: [{ url: '/api' }],
  })
}

readOnly(apiRoutes, '/openapi.json', { cors: true })
readOnly(apiRoutes, '/docs')
apiRoutes.get('/openapi.json', (c) => c.json(document(), 200))
apiRoutes.get('/docs', (c) => c.html(renderApiReference(document()), 200, { 'Content-Security-Policy': API_REFERENCE_CSP }))

// Behind a key: never stored by a cache (noStore runs outside authenticate, so a 401 is no-store too). Every
// role reads; article writes are checked per section by their handlers; the rest is admin's (manage).
for (const path of ['/articles', '/articles/*']) apiRoutes.use(path, noStore, authenticate, permit(null))
for (const path of ['/sections', '/sections/*', '/sources', '/sources/*', '/reindex', '/audit', '/audit/*']) {
  apiRoutes.use(path, noStore, authenticate, permit('manage'))
}
for (const path of ['/keys', '/keys/*']) apiRoutes.use(path, noStore, authenticate, adminOnly)
apiRoutes.use('/stats/*', noStore, authenticate, audienceReaders)
apiRoutes.route('/', articleRoutes)
apiRoutes.route('/', sectionRoutes)
apiRoutes.route('/', sourceRoutes)
apiRoutes.route('/', reindexRoutes)
apiRoutes.route('/', keyRoutes)
apiRoutes.route('/', auditRoutes)
apiRoutes.route('/stats', statsRoutes)
