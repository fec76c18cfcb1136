import seedPage from '../fixtures/000_6e0e75a60da96bca.txt?raw'
import { describe, expect, it } from 'vitest'
import { PageFormatError, pageBodyHtml, parseArticlePage } from '../../src/ingest/article-page'

describe('parseArticlePage', () => {
  it('reads the seed page: headline, section, Baghdad time as UTC, dateline, body without site chrome', () => {
    const page = parseArticlePage(seedPage)
    expect(page.title).toBe('زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن')
    expect(page.sectionName).toBe('تقارير')
    expect(new Date(page.published).toISOString()).toBe('2024-02-18T09:13:00.000Z')
    expect(page.dateline).toBe('موازين نيوز- بغداد')
    expect(page.blocks[0]!.text.startsWith('أفادت عدة مصادر إيرانية وعراقية')).toBe(true)
    expect(page.blocks.filter((b) => b.kind === 'subheading').map((b) => b.text)).toEqual(['استئناف المحادثات العراقية الأميركية'])
    expect(page.blocks.at(-1)!.text.startsWith('وقال مسؤول أميركي كبير آخر')).toBe(true)
    const html = pageBodyHtml(page)
    expect(html).not.toContain('اخبار ذات الصلة')
    expect(html).not.toContain('تنزيل التطبيق')
    expect(new TextEncoder().encode(html).length).toBeGreaterThan(6000)
  })

  it('says what is wrong with a page not in the expected shape', () => {
    expect(() => parseArticlePage('')).toThrow(PageFormatError)
    expect(() => parseArticlePage('عنوان\n\nبلا تاريخ\nنص.')).toThrow(/SECTION/)
    expect(() => parseArticlePage('عنوان\nمحلية | 25:00 - 01/01/2024\nبغداد\nنص.')).toThrow(/valid time/)
    expect(() => parseArticlePage('عنوان\nمحلية | 10:00 - 31/02/2024\nبغداد\nنص.')).toThrow(/no such date/)
    expect(() => parseArticlePage('عنوان\nمحلية | 10:00 - 01/02/2024\nبغداد\n����� ����.')).toThrow(/U\+FFFD/)
  })
})
