import { describe, expect, it } from 'vitest'
import { DecodeError, charsetOf, decodeText } from '../../src/ingest/decode'
import { encodeSingleByte, encodeUtf16, utf8 } from './encode'

const ARABIC = 'أخبار العراق اليوم'
const xml = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>${ARABIC}</title></channel></rss>`

describe('decodeText', () => {
  it('reads windows-1256 declared in the XML, in the Content-Type, or both', () => {
    const declared = encodeSingleByte(xml('windows-1256'), 'windows-1256')
    expect(decodeText(declared)).toContain(ARABIC)
    const plain = encodeSingleByte(`<rss><channel><title>${ARABIC}</title></channel></rss>`, 'windows-1256')
    expect(decodeText(plain, { contentType: 'application/rss+xml; charset=windows-1256' })).toContain(ARABIC)
    expect(decodeText(declared, { contentType: 'text/xml; charset="Windows-1256"' })).toContain(ARABIC)
  })

  it('reads ISO-8859-6 and UTF-16 with either byte-order mark', () => {
    expect(decodeText(encodeSingleByte(xml('iso-8859-6'), 'iso-8859-6'))).toContain(ARABIC)
    expect(decodeText(encodeUtf16(xml('utf-16'), 'le'))).toContain(ARABIC)
    expect(decodeText(encodeUtf16(xml('utf-16'), 'be'), { contentType: 'text/xml; charset=windows-1256' })).toContain(ARABIC)
  })

  it('takes a page\'s <meta charset> when nothing else says', () => {
    const page = encodeSingleByte(`<html><head><meta charset="windows-1256"></head><body>${ARABIC}</body></html>`, 'windows-1256')
    expect(decodeText(page)).toContain(ARABIC)
    const httpEquiv = encodeSingleByte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><p>${ARABIC}</p>`, 'windows-1256')
    expect(decodeText(httpEquiv)).toContain(ARABIC)
  })

  it('falls back to the declaration when the server\'s charset does not fit the bytes', () => {
    const declared = encodeSingleByte(xml('windows-1256'), 'windows-1256')
    expect(decodeText(declared, { contentType: 'application/xml; charset=utf-8' })).toContain(ARABIC)
  })

  it('refuses text that is valid in no candidate, naming the encoding and the byte, never with U+FFFD', () => {
    const undeclared = encodeSingleByte(`<rss><title>${ARABIC}</title></rss>`, 'windows-1256')
    expect(() => decodeText(undeclared)).toThrow(DecodeError)
    expect(() => decodeText(undeclared)).toThrow(/^not valid utf-8 text: byte 13 \(0xCE\) cannot be decoded$/)
    const broken = new Uint8Array([...utf8('<x>'), 0xa1, ...utf8('</x>')])
    expect(() => decodeText(broken, { contentType: 'text/xml; charset=iso-8859-6' })).toThrow(/not valid iso-8859-6 text: byte 3 \(0xA1\).*also tried utf-8/)
    expect(() => decodeText(utf8('<x/>').map((b) => b), { contentType: 'text/xml; charset=x-klingon' })).not.toThrow()
    expect(() => decodeText(broken, { contentType: 'text/xml; charset=x-klingon' })).toThrow(/unknown encoding "x-klingon"/)
  })

  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetOf('application/rss+xml; charset="UTF-8"')).toBe('utf-8')
    expect(charsetOf('application/rss+xml')).toBeUndefined()
    expect(charsetOf(null)).toBeUndefined()
  })
})
