// The tests run the Hono that ships: wrangler.toml aliases `hono` to build/hono-tiny.ts, and build/aliases.ts gives
// the test configs the same, so ours and @hono/zod-openapi's apps route with PatternRouter here as in the bundle.
import { OpenAPIHono } from '@hono/zod-openapi'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'

describe('the bundled Hono', () => {
  it('routes with PatternRouter, in our apps and in OpenAPIHono', () => {
    expect(new Hono().router.name).toBe('PatternRouter')
    expect(new OpenAPIHono().router.name).toBe('PatternRouter')
  })
})
