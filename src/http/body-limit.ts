// Every request body has a size limit: past it, a 413 problem, before any of it is parsed.
import { bodyLimit } from 'hono/body-limit'
import { problem } from './problem'

/** Settings bodies (sections, sources): 64 KiB is a hundred times what the largest valid one takes. */
export const SETTINGS_BODY_LIMIT = 64 * 1024

/** Hono's bodyLimit, answering a 413 problem naming the limit. */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw problem(413, 'Request body too large', { detail: `At most ${maxSize} bytes.` })
    },
  })
}
