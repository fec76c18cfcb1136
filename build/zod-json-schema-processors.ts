// Stands in for zod's per-type JSON Schema processors (zod/v4/core/json-schema-processors.js) and its
// JSONSchemaGenerator in the built Worker (wrangler.toml [alias]; see build/zod-to-json-schema.ts for why). One of
// its exports is used at runtime: `aggregateChecks`, behind schema getters such as `minLength`, `maxLength` and
// `format`, which zod-to-openapi reads for /api/openapi.json. It is zod's own, taken from the file by a path that
// the alias does not match, so that the bundler keeps it and drops the rest.
export { aggregateChecks } from '../node_modules/zod/v4/core/json-schema-processors.js'

function unavailable(): never {
  throw new Error('zod’s JSON Schema generator is not part of this build (build/zod-json-schema-processors.ts)')
}

export const allProcessors = {}
export const toJSONSchema = unavailable
export class JSONSchemaGenerator {
  constructor() {
    unavailable()
  }
}
// Each schema type's processor: called only by the generator, which is unavailable.
export {
  unavailable as stringProcessor, unavailable as numberProcessor, unavailable as booleanProcessor,
  unavailable as bigintProcessor, unavailable as symbolProcessor, unavailable as nullProcessor,
  unavailable as undefinedProcessor, unavailable as voidProcessor, unavailable as neverProcessor,
  unavailable as anyProcessor, unavailable as unknownProcessor, unavailable as dateProcessor,
  unavailable as enumProcessor, unavailable as literalProcessor, unavailable as nanProcessor,
  unavailable as templateLiteralProcessor, unavailable as fileProcessor, unavailable as successProcessor,
  unavailable as customProcessor, unavailable as functionProcessor, unavailable as transformProcessor,
  unavailable as mapProcessor, unavailable as setProcessor, unavailable as arrayProcessor,
  unavailable as objectProcessor, unavailable as unionProcessor, unavailable as intersectionProcessor,
  unavailable as tupleProcessor, unavailable as recordProcessor, unavailable as nullableProcessor,
  unavailable as nonoptionalProcessor, unavailable as defaultProcessor, unavailable as prefaultProcessor,
  unavailable as catchProcessor, unavailable as pipeProcessor, unavailable as readonlyProcessor,
  unavailable as promiseProcessor, unavailable as optionalProcessor, unavailable as lazyProcessor,
}
