// Which URLs an upstream source may point at: public http(s) hosts only, never this service or an address that
// reaches inward (loopback, private, link-local, ...), whatever notation the URL uses. Pure.
//
// The host is taken from the WHATWG URL parser, the one `fetch` itself uses, so `http://2130706433/`,
// `http://0x7f.1/`, `http://127.1/`, `http://[::ffff:7f00:1]/` and `http://evil@127.0.0.1/` all come out as
// the address they really reach before they are classified. ipaddr.js knows the IANA special-purpose ranges.
import ipaddr from 'ipaddr.js'
import { parseUrl } from './urls'

/** Names that never leave the machine or the local network (RFC 6761 localhost, RFC 6762 .local, RFC 8375). */
const LOCAL_NAME_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'home.arpa', 'lan', 'intranet']

/** Why a URL may not be an upstream source; `loopback` alone can be allowed for local development. */
export type UpstreamRefusal = 'scheme' | 'invalid' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'local-name' | 'self'

export interface UpstreamUrlPolicy {
  /** Host names (or addresses) of this service: PUBLIC_URL's, and the request's own when there is one. */
  selfHosts: readonly string[]
  /** Development only (ALLOW_LOOPBACK_SOURCES): let loopback through, nothing else. */
  allowLoopback: boolean
}

export type UpstreamUrlCheck = { ok: true; url: URL } | { ok: false; refusal: UpstreamRefusal; detail: string }

const DETAILS: Record<UpstreamRefusal, string> = {
  scheme: 'only http and https URLs can be pulled',
  invalid: 'not an absolute URL',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast or broadcast address',
  reserved: 'a reserved, non-public address',
  'local-name': 'a local name that is not on the public internet',
  self: 'this service itself',
}

/** `Example.COM.` -> `example.com`; `[::1]` -> `::1`. */
export function canonicalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '')
}

function classifyAddress(host: string): UpstreamRefusal | null {
  if (!ipaddr.isValid(host)) return null
  let address = ipaddr.parse(host)
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6
    if (v6.isIPv4MappedAddress()) address = v6.toIPv4Address()
    // IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1, deprecated): ipaddr.js calls it unicast, it is not.
    else if (v6.parts.slice(0, 6).every((p) => p === 0) && v6.range() === 'unicast') return 'reserved'
  }
  switch (address.range()) {
    case 'unicast':
      return null
    case 'loopback':
      return 'loopback'
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private'
    case 'linkLocal':
      return 'link-local'
    case 'unspecified':
      return 'unspecified'
    case 'multicast':
    case 'broadcast':
      return 'multicast'
    default:
      // Benchmarking, documentation, NAT64, 6to4, Teredo, AS112, ...: nothing a newsroom's feed lives on.
      return 'reserved'
  }
}

/**
 * Classifies a host: null when it is a public host name or a public (global unicast) address.
 * A name is judged by its spelling only: a Worker has no DNS API, so a public name that resolves to a
 * private address cannot be caught here (the README says so).
 */
export function classifyHost(hostname: string): UpstreamRefusal | null {
  const host = canonicalHost(hostname)
  if (!host) return 'invalid'
  const address = classifyAddress(host)
  if (address || ipaddr.isValid(host)) return address
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback'
  if (!host.includes('.') || LOCAL_NAME_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return 'local-name'
  return null
}

/**
 * Checks an upstream URL (relative ones are resolved against `base`, as a redirect's Location is).
 * @example checkUpstreamUrl('http://0x7f.1/feed', undefined, policy) // { ok: false, refusal: 'loopback', ... }
 */
export function checkUpstreamUrl(raw: string, base: string | undefined, policy: UpstreamUrlPolicy): UpstreamUrlCheck {
  const url = parseUrl(raw, base)
  if (!url) return refuse('invalid', raw)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('scheme', url.protocol)
  const host = canonicalHost(url.hostname)
  if (policy.selfHosts.some((self) => canonicalHost(self) === host)) return refuse('self', url.host)
  const refusal = classifyHost(host)
  if (refusal === null || (refusal === 'loopback' && policy.allowLoopback)) return { ok: true, url }
  return refuse(refusal, url.host)
}

function refuse(refusal: UpstreamRefusal, what: string): UpstreamUrlCheck {
  const detail = refusal === 'scheme' || refusal === 'invalid' ? DETAILS[refusal] : `${what} is ${DETAILS[refusal]}; upstream sources must be public`
  return { ok: false, refusal, detail }
}
