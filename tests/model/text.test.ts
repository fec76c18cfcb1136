// The one XML-character rule: cleaned at write time (model/text.ts), guarded at render time (render/xml.ts).
import { describe, expect, it } from 'vitest'
import { cleanText } from '../../src/model/text'
import { el, serialize, xmlSafe } from '../../src/render/xml'

const FORBIDDEN = 'a\u0000b\u0008c\u000Bd\u001Fe\u007Ff\u009Fg\uFFFEh\uD800i\uDC00j'

describe('the XML character rule', () => {
  it('drops C0/C1 controls, U+FFFE/U+FFFF and lone surrogates at write and at render time alike', () => {
    expect(cleanText(FORBIDDEN)).toBe('abcdefghij')
    expect(xmlSafe(FORBIDDEN)).toBe('abcdefghij')
  })

  it('keeps Arabic, tab, LF, RTL marks and emoji (a surrogate pair is whole)', () => {
    const kept = 'بغداد\t\u200Fنص\n🎉'
    expect(cleanText(kept)).toBe(kept)
    expect(xmlSafe(kept)).toBe(kept)
  })

  it('makes CR LF one LF; a lone CR becomes LF when written and goes when rendered', () => {
    expect(cleanText('a\r\nb\rc')).toBe('a\nb\nc')
    expect(xmlSafe('a\r\nb\rc')).toBe('a\nbc')
  })

  it('NFC-normalizes when written', () => {
    expect(cleanText('\u0627\u0653')).toBe('\u0622')
  })

  it('escapes the text specials after cleaning', () => {
    expect(serialize(el('t', null, '<a & b>\u0000'))).toBe('<t>&lt;a &amp; b&gt;</t>')
  })
})
