// The audience dashboard (/stats) and its sign-in form: subscribers per feed over time as a server-drawn SVG
// chart, readers per feed, the share of 304s and the top partners. Arabic, right to left; pure.
import type { FeedDay, PollShare } from '../audience/report'
import { MAIN_ID, Page, renderDocument } from './layout'

/** Lines a chart colours apart (site-style.ts CHART_COLOURS: classes s0…s5 and k0…k5); more feeds reuse them. */
const COLOURS = 6
const CHART = { width: 340, height: 190, left: 34, right: 8, top: 10, bottom: 24 }

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
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {ticks.map((t) => (
        <g>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} />
          <text x={left - 4} y={y(t) + 4} text-anchor="end">{number(t)}</text>
        </g>
      ))}
      <text x={left} y={height - 6}>{days[0] ?? ''}</text>
      <text x={width - right} y={height - 6} text-anchor="end">{days[days.length - 1] ?? ''}</text>
      {series.map((s, i) => (
        // A line of one day would draw nothing: its point twice is a dot (round caps).
        <polyline class={`s${i % COLOURS}`} points={(s.byDay.length === 1 ? [s.byDay[0]!, s.byDay[0]!] : s.byDay).map((d) => `${x(d.day).toFixed(1)},${y(d.subscribers).toFixed(1)}`).join(' ')} />
      ))}
    </svg>
  )
}

function readerName(reader: string): string {
  return reader === 'direct' ? 'قرّاء مباشرون' : reader
}

/** A titled table: a header row, then rows whose first cell names the row (feed paths read left to right). */
function Table({ title, head, rows }: { title: string; head: string[]; rows: string[][] }) {
  return (
    <>
      <h2>{title}</h2>
      <table>
        <thead><tr>{head.map((h) => <th scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map(([name, ...cells]) => <tr><th scope="row" dir="auto">{name}</th>{cells.map((c) => <td>{c}</td>)}</tr>)}</tbody>
      </table>
    </>
  )
}

/** The dashboard for an admin. */
export function renderStats(view: StatsView): string {
  return renderDocument(
    <Page title={`جمهور الخلاصات — ${view.siteName}`} description="عدد المشتركين في كل خلاصة" siteName={view.siteName}>
      <main id={MAIN_ID} class="stats">
        <h1>جمهور الخلاصات</h1>
        <form method="get" action="/stats">
          <label>من<input type="date" name="from" value={view.from} dir="ltr" /></label>
          <label>إلى<input type="date" name="to" value={view.to} dir="ltr" /></label>
          <button type="submit">عرض</button>
        </form>
        <h2>المشتركون عبر الزمن</h2>
        {view.series.length === 0 ? <p>لا اشتراكات مسجلة في هذه المدة.</p> : (
          <figure>
            <Chart days={view.days} series={view.series} />
            <figcaption>
              <ul class="legend">{view.series.map((s, i) => <li class={`k${i % COLOURS}`}>{s.label}</li>)}</ul>
            </figcaption>
          </figure>
        )}
        <Table
          title="القرّاء لكل خلاصة"
          head={['الخلاصة', 'اليوم', 'المشتركون', 'القرّاء']}
          rows={view.latest.map(({ label, day }) => [label, day.day, number(day.subscribers), day.readers.map((r) => `${readerName(r.reader)} ${number(r.subscribers)}`).join('، ')])}
        />
        <Table
          title="نسبة الردود 304 (لم يتغير)"
          head={['الخلاصة', 'الطلبات', '304']}
          rows={view.shares.map((s) => [s.feed, number(s.polls), `${Math.round((100 * s.notModified) / Math.max(1, s.polls))}٪`])}
        />
        <Table title="أبرز الشركاء" head={['الشريك (ref)', 'المشاهدات']} rows={view.partners.map((p) => [p.ref || '—', number(p.views)])} />
        <form method="post" action="/stats/sign-out"><button type="submit">خروج</button></form>
      </main>
    </Page>,
  )
}

/** The sign-in form: the API token (an admin or viewer key, or ADMIN_TOKEN), kept in an HttpOnly cookie once accepted. */
export function renderSignIn(siteName: string, refused: boolean): string {
  return renderDocument(
    <Page title={`دخول — جمهور الخلاصات — ${siteName}`} description="دخول إلى إحصاءات الخلاصات" siteName={siteName}>
      <main id={MAIN_ID} class="stats">
        <h1>جمهور الخلاصات</h1>
        <form method="post" action="/stats">
          <label>مفتاح الواجهة البرمجية<input type="password" name="token" autocomplete="current-password" required dir="ltr" /></label>
          {refused && <p role="alert">المفتاح غير صالح أو لا يتيح الإحصاءات.</p>}
          <p><button type="submit">دخول</button></p>
        </form>
      </main>
    </Page>,
  )
}
