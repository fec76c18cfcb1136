import { describe, expect, it } from 'vitest'
import { truncateText } from '../../src/model/text'

describe('truncateText', () => {
  it('keeps a text that fits', () => {
    expect(truncateText('قال الوزير', 20)).toBe('قال الوزير')
  })

  it('cuts at a word and adds an ellipsis', () => {
    const out = truncateText('أعلنت وزارة النفط اليوم خطة جديدة لتطوير الحقول الجنوبية', 30)
    expect(out).toBe('أعلنت وزارة النفط اليوم خطة…')
    expect(Array.from(out).length).toBeLessThanOrEqual(30)
  })

  it('puts no ellipsis after a comma: the comma goes', () => {
    const out = truncateText('أعلنت وزارة النفط اليوم خطته، وقالت إنها ستبدأ قريبا', 30)
    expect(out).toBe('أعلنت وزارة النفط اليوم خطته…')
    expect(truncateText('The ministry said, according to sources, that', 19)).toBe('The ministry said…')
  })

  it('stops at a full stop with no ellipsis', () => {
    expect(truncateText('أعلنت وزارة النفط اليوم خطته. وقالت إنها ستبدأ قريبا', 31)).toBe('أعلنت وزارة النفط اليوم خطته.')
    expect(truncateText('أعلنت وزارة النفط اليوم خطته. وقالت إنها ستبدأ قريبا', 40)).toBe('أعلنت وزارة النفط اليوم خطته.')
    expect(truncateText('هل تبدأ وزارة النفط خطتها؟ يقول مسؤولون إنها ستبدأ', 32)).toBe('هل تبدأ وزارة النفط خطتها؟')
  })

  it('never ends in ".…" or "،…", whatever the length', () => {
    const text = 'قال المتحدث، في مؤتمر صحفي، إن الاجتماع انتهى. وأضاف أن الخطة ستعلن، بعد موافقة البرلمان، خلال أسبوع.'
    for (let max = 5; max < Array.from(text).length; max++) {
      const out = truncateText(text, max)
      expect(Array.from(out).length).toBeLessThanOrEqual(max)
      expect(out).not.toMatch(/[.،,]…$/)
      expect(out).not.toMatch(/\s…$/)
    }
  })

  it('never splits a surrogate pair', () => {
    const out = truncateText('😀'.repeat(20), 10)
    expect(out).toBe('😀'.repeat(9) + '…')
  })
})
