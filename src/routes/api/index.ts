// /api: the publishing API (bearer token), its OpenAPI document and a readable reference page.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { requireToken } from '../../http/auth'
import { validationHook } from '../../http/validation'
import { renderApiReference } from '../../views/api-reference'
import { articleRoutes } from './articles'
import { sectionRoutes } from './sections'
import { sourceRoutes } from './sources'

const OPENAPI_INFO = {
  title: 'Nashra publishing API',
  version: '1.0.0',
  description:
    'Put articles, sections and upstream sources into Nashra. Every call but this document and the reference page ' +
    'needs `Authorization: Bearer <ADMIN_TOKEN>`. Errors are RFC 9457 application/problem+json.',
}

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

apiRoutes.get('/openapi.json', (c) => c.json(document(), 200, { 'Access-Control-Allow-Origin': '*' }))
apiRoutes.get('/docs', (c) => c.html(renderApiReference(document())))

apiRoutes.use('/articles', requireToken)
apiRoutes.use('/articles/*', requireToken)
apiRoutes.use('/sections', requireToken)
apiRoutes.use('/sections/*', requireToken)
apiRoutes.use('/sources', requireToken)
apiRoutes.use('/sources/*', requireToken)
apiRoutes.route('/', articleRoutes)
apiRoutes.route('/', sectionRoutes)
apiRoutes.route('/', sourceRoutes)
