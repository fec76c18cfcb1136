// The Content-Type of each feed format, exactly as served.
import type { FeedFormat } from '../model/types'
import { FEED_MEDIA_TYPES } from '../model/urls'

export const MEDIA_TYPES = FEED_MEDIA_TYPES

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

/** Bumped whenever a renderer's output changes, so that ETags of old bytes stop matching. */
export const RENDER_VERSION = '2'
