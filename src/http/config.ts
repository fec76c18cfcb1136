// Parses the Worker's vars into a Config once per environment and hands it to handlers as c.var.config; decides
// which origin documents name, so a request for a host that is not ours never gets a cacheable page naming it.
import { type Config, parseConfig } from '../model/config'
import { perEnvironment } from './per-environment'
import { problemResponse } from './problem'

/** The Worker's vars as a Config, parsed once per environment (a bad one throws at the first request). */
export const configOf = perEnvironment(parseConfig)

/** 127.0.0.0/8, localhost and [::1], as the URL parser writes them (2130706433 and 0x7f.1 are 127.0.0.1 by then). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * The host of a request's URL as the runtime serialized it (already through the URL parser, so no second parse on
 * every request): `localhost`, `127.0.0.1` or `[::1]`; an IPv6 host keeps its brackets, as URL.hostname does.
 */
function hostOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url)?.[1] ?? ''
}

/**
 * Development (no PUBLIC_URL) trusts only a loopback request origin. Any other host answers 421 Misdirected
 * Request (RFC 9110 §15.5.20): there is no configured origin to name instead, and a document naming whatever
 * `Host` a client sent must never reach a shared cache. With PUBLIC_URL set, every host is served and the
 * documents name a configured origin (publicBase).
 */
export function misdirected(config: Config, requestUrl: string): Response | null {
  if (config.publicOrigins.length > 0 || isLoopbackHost(hostOf(requestUrl))) return null
  return problemResponse(421, 'Misdirected Request', {
    detail: 'This service has no PUBLIC_URL, so it answers only on loopback (development). Set PUBLIC_URL to the origin it is served from.',
  })
}

/**
 * Every origin documents may name, so every URL a reader may have subscribed to (WebSub topics): the origins
 * PUBLIC_URL lists, or in development the request's own.
 */
export function servedOrigins(config: Config, requestUrl: string): string[] {
  return config.publicOrigins.length > 0 ? config.publicOrigins : [new URL(requestUrl).origin]
}

/**
 * The origin documents name: the request's own when PUBLIC_URL lists it, else the canonical (first) one; in
 * development (requireKnownOrigin has let only loopback through) the request's own.
 */
export function publicBase(config: Config, requestUrl: string): string {
  const own = new URL(requestUrl).origin
  if (config.publicOrigins.length === 0) return own
  return config.publicOrigins.includes(own) ? own : config.publicUrl
}
