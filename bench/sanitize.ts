// Part of `npm run bench`: the HTML cleaner on hostile inputs against benign content of the same size. Cleaning
// is linear when every ratio stays near 1 (the target is at most 2) and stays so as the size doubles.
import { sanitizeHtml } from '../src/publish/sanitize'

const BASE = 'https://www.mawazin.net/news/1/'
const RUNS = 15

/** `unit` repeated to about `bytes` UTF-16 code units (whole units only). */
function repeat(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)))
}

/** Inputs built to defeat a cleaner that rescans: each is one shape repeated to the benign input's size. */
export function hostileInputs(size: number): Record<string, string> {
  const half = Math.floor(size / 2)
  return {
    'script pairs': repeat('<script></script>', size),
    'unclosed script': `<script>${repeat('<p>x</p>', size - 8)}`,
    'nested divs': repeat('<div>', size),
    'unclosed inline': repeat('<b><i><u>', size),
    'stray end tags': repeat('<div>', half) + repeat('</span>', half),
    'unclosed templates': repeat('<template>', size),
    'svg/object/embed': repeat('<svg/onload=x><object><embed src=x><p>x</p>', size),
    'attribute run': `<p ${repeat('a=1 ', size - 8)}>x</p>`,
    'attributes per tag': repeat('<a href=/x onclick=y title=z data-k=v>x</a>', size),
    'comments': repeat('<!---->', size),
    'references': repeat('&amp;&#1575;&lt;', size),
  }
}

/** Median CPU time in ms (the process's, GC threads included): other work on the machine does not count. */
function median(run: () => void): number {
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage()
    run()
    const used = process.cpuUsage(start)
    samples.push((used.user + used.system) / 1000)
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!
}

/** Markup-rich benign content, as an editor's CMS writes it: paragraphs with bold, links and emphasis. */
export const MARKUP_ARTICLE =
  '<h2>عنوان فرعي</h2><p>أفادت <strong>مصادر</strong> بأنّ <a href="/news/1">الزيارة</a> أدّت إلى <em>توقّف</em> الهجمات، ' +
  'وقال <a href="https://www.mawazin.net/news/2">مسؤول</a> إنّ &quot;الحوار&quot; مستمرّ.</p><ul><li>أولاً</li><li>ثانياً</li></ul>'

/**
 * Median CPU time of cleaning each hostile input, and its ratio to cleaning each benign content of the same
 * size (the seed article: long paragraphs of text; MARKUP_ARTICLE: a tag every few words).
 */
export function benchSanitize(benign: Record<string, string>, size: number): { lines: string[]; worst: Record<string, number> } {
  const references = Object.entries(benign).map(([name, unit]) => {
    const input = repeat(unit, size)
    for (let i = 0; i < 3; i++) sanitizeHtml(input, BASE)
    return { name, ms: median(() => sanitizeHtml(input, BASE)) }
  })
  const lines = [
    `sanitize, median CPU time of ${RUNS} runs, inputs of ${(size / 1000).toFixed(0)} K characters; benign: ${references.map((r) => `${r.name} ${r.ms.toFixed(1)} ms`).join(', ')}`,
    `input                 ms  ${references.map((r) => `÷ ${r.name}`.padStart(10)).join('')}`,
  ]
  const worst: Record<string, number> = Object.fromEntries(references.map((r) => [r.name, 0]))
  for (const [name, input] of Object.entries(hostileInputs(size))) {
    sanitizeHtml(input, BASE)
    const ms = median(() => sanitizeHtml(input, BASE))
    const ratios = references.map((r) => {
      worst[r.name] = Math.max(worst[r.name]!, ms / r.ms)
      return (ms / r.ms).toFixed(2).padStart(10)
    })
    lines.push(`${name.padEnd(19)} ${ms.toFixed(1).padStart(5)}${ratios.join('')}`)
  }
  return { lines, worst }
}
