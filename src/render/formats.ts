// The renderer of each feed format: a new format registers its renderer here (and its row in the model's table).
import type { FeedDoc, FeedFormat } from '../model/types'
import { renderAtom } from './atom'
import { renderJsonFeed } from './jsonfeed'
import { renderRss } from './rss'

export const RENDERERS: Record<FeedFormat, (doc: FeedDoc) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed }
