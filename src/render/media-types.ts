// The Content-Type of each feed format, exactly as served.
import { FEED_MEDIA_TYPES, byFormat } from '../model/urls'

export const MEDIA_TYPES = FEED_MEDIA_TYPES

/** Every format is served as UTF-8. */
export const CONTENT_TYPES = byFormat((f) => `${FEED_MEDIA_TYPES[f]}; charset=utf-8`)

/** Bumped whenever a renderer's output changes, so that ETags of old bytes stop matching. */
export const RENDER_VERSION = '2'
