// The audience dashboard (/stats) and its sign-in form: subscribers per feed over time as a server-drawn SVG
// chart, readers per feed, the share of 304s and the top partners. Arabic, right to left; pure.
import type { FeedDay, PollShare } from '../audience/report'
import { MAIN_ID, Page, StyleSheet, renderDocument } from './layout'

/** Colours of the chart's lines (one per feed), each with a contrast of 3:1 or more on white and on #111. */
const COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f']
const CHART = { width: 360, height: 190, left: 34, right: 8, top: 10, bottom: 24 }

const CSS = `main{max-width:60rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{text-align:start;padding:.35rem .5rem;border-bottom:1px solid #8886;vertical-align:top}
td.n{font-variant-numeric:tabular-nums;white-space:nowrap}
.chart{width:100%;max-width:44rem;height:auto;display:block}
.chart text{font-size:11px;fill:currentColor}
.chart .grid{stroke:#8888;stroke-width:.5}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.legend span{display:inline-block;width:.9em;height:.9em;margin-inline-end:.3em;vertical-align:middle}
form.range{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
label{display:flex;flex-direction:column}
input,button{font:inherit;padding:.3rem .5rem}
.error{color:#c62828}
.sign-out{margin-top:2rem}`

export interface StatsView {
  siteName: string
  from: string
  to: string
  /** Days from..to, for the chart's axis. */
  days: string[]
  /** Subscribers per day of each feed group (its formats together), named for people. */
  series: { feed: string; label: string; byDay: FeedDay[] }[]
  /** Each group's newest day in the range, with its readers. */
  latest: { label: string; day: FeedDay }[]
  shares: PollShare[]
  partners: { ref: string; views: number }[]
}

const number = (n: number): string => n.toLocaleString('en-US')

function Chart({ days, series }: Pick<StatsView, 'days' | 'series'>) {
  const { width, height, left, right, top, bottom } = CHART
  const max = Math.max(1, ...series.flatMap((s) => s.byDay.map((d) => d.subscribers)))
  const step = days.length > 1 ? (width - left - right) / (days.length - 1) : 0
  const index = new Map(days.map((d, i) => [d, i]))
  const x = (day: string): number => left + (index.get(day) ?? 0) * step
  const y = (n: number): number => top + (height - top - bottom) * (1 - n / max)
  const ticks = [0, Math.round(max / 2), max]
  const label = `عدد المشتركين في كل خلاصة يوما بيوم، من ${days[0] ?? ''} إلى ${days[days.length - 1] ?? ''}، وأعلاه ${number(max)}`
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} dir="ltr">
      {ticks.map((t) => (
        <g>
          <line class="grid" x1={left} x2={width - right} y1={y(t)} y2={y(t)} />
          <text x={left - 4} y={y(t) + 4} text-anchor="end">{number(t)}</text>
        </g>
      ))}
      <text x={left} y={height - 6}>{days[0] ?? ''}</text>
      <text x={width - right} y={height - 6} text-anchor="end">{days[days.length - 1] ?? ''}</text>
      {series.map((s, i) => (
        <polyline fill="none" stroke={COLOURS[i % COLOURS.length]} stroke-width="2" points={s.byDay.map((d) => `${x(d.day).toFixed(1)},${y(d.subscribers).toFixed(1)}`).join(' ')} />
      ))}
    </svg>
  )
}

function readerName(reader: string): string {
  return reader === 'direct' ? 'قرّاء مباشرون' : reader
}

/** The dashboard for an admin. */
export function renderStats(view: StatsView): string {
  return renderDocument(
    <Page title={`جمهور الخلاصات — ${view.siteName}`} description="عدد المشتركين في كل خلاصة" siteName={view.siteName} head={<StyleSheet css={CSS} />}>
      <main id={MAIN_ID}>
        <h1>جمهور الخلاصات</h1>
        <form class="range" method="get" action="/stats">
          <label>من<input type="date" name="from" value={view.from} dir="ltr" /></label>
          <label>إلى<input type="date" name="to" value={view.to} dir="ltr" /></label>
          <button type="submit">عرض</button>
        </form>
        <h2>المشتركون عبر الزمن</h2>
        {view.series.length === 0 ? <p>لا اشتراكات مسجلة في هذه المدة.</p> : (
          <figure>
            <Chart days={view.days} series={view.series} />
            <figcaption>
              <ul class="legend">
                {view.series.map((s, i) => <li><span style={`background:${COLOURS[i % COLOURS.length]}`}></span>{s.label}</li>)}
              </ul>
            </figcaption>
          </figure>
        )}
        <h2>القرّاء لكل خلاصة</h2>
        <table>
          <thead><tr><th scope="col">الخلاصة</th><th scope="col">اليوم</th><th scope="col">المشتركون</th><th scope="col">القرّاء</th></tr></thead>
          <tbody>
            {view.latest.map(({ label, day }) => (
              <tr>
                <th scope="row">{label}</th>
                <td class="n" dir="ltr">{day.day}</td>
                <td class="n">{number(day.subscribers)}</td>
                <td>{day.readers.map((r) => `${readerName(r.reader)} ${number(r.subscribers)}`).join('، ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>نسبة الردود 304 (لم يتغير)</h2>
        <table>
          <thead><tr><th scope="col">الخلاصة</th><th scope="col">الطلبات</th><th scope="col">304</th></tr></thead>
          <tbody>
            {view.shares.map((s) => (
              <tr><th scope="row" dir="ltr">{s.feed}</th><td class="n">{number(s.polls)}</td><td class="n">{`${Math.round((100 * s.notModified) / Math.max(1, s.polls))}٪`}</td></tr>
            ))}
          </tbody>
        </table>
        <h2>أبرز الشركاء</h2>
        <table>
          <thead><tr><th scope="col">الشريك (ref)</th><th scope="col">المشاهدات</th></tr></thead>
          <tbody>
            {view.partners.map((p) => <tr><th scope="row" dir="ltr">{p.ref || '—'}</th><td class="n">{number(p.views)}</td></tr>)}
          </tbody>
        </table>
        <form class="sign-out" method="post" action="/stats/sign-out"><button type="submit">خروج</button></form>
      </main>
    </Page>,
  )
}

/** The sign-in form: the API token (an admin key or ADMIN_TOKEN), kept in an HttpOnly cookie once accepted. */
export function renderSignIn(siteName: string, refused: boolean): string {
  return renderDocument(
    <Page title={`دخول — جمهور الخلاصات — ${siteName}`} description="دخول إلى إحصاءات الخلاصات" siteName={siteName} head={<StyleSheet css={CSS} />}>
      <main id={MAIN_ID}>
        <h1>جمهور الخلاصات</h1>
        <form method="post" action="/stats">
          <label>مفتاح الواجهة البرمجية (مدير)<input type="password" name="token" autocomplete="current-password" required dir="ltr" /></label>
          {refused && <p class="error" role="alert">المفتاح غير صالح أو ليس مفتاح مدير.</p>}
          <p><button type="submit">دخول</button></p>
        </form>
      </main>
    </Page>,
  )
}
