// Stands in for `hono` in the built Worker (wrangler.toml [alias], which matches that exact specifier only;
// build/aliases.ts mirrors it for the tests): its Hono with hono/tiny's PatternRouter instead of the default
// SmartRouter over RegExpRouter and TrieRouter (2.4 KiB gzipped). Every `new Hono()`, ours and @hono/zod-openapi's
// OpenAPIHono, routes the same, in registration order; the Worker has a few dozen routes, few enough to try in turn.
export { Hono } from 'hono/tiny'
