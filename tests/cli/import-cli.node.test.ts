// The command-line importer, run as a newcomer runs it (`npm run import -- …`), against the Worker under
// `wrangler dev` on a loopback port.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Service, TOKEN, freePort, seed, startService } from '../support/wrangler-dev'

const run = promisify(execFile)
const SEED_PAGE = join(process.cwd(), 'tests/fixtures/000_6e0e75a60da96bca.txt')
let service: Service

beforeAll(async () => {
  service = await startService()
  await seed(service.origin)
}, 120_000)

afterAll(async () => {
  await service?.stop()
})

async function importer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'import', '--', '--url', service.origin, ...args], { env: { ...process.env, NASHRA_API_KEY: TOKEN, WRANGLER_SEND_METRICS: 'false' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('npm run import', () => {
  it('imports the seed page into /feeds/reports/atom.xml, then finds it unchanged', async () => {
    const first = await importer(SEED_PAGE)
    expect(first).toMatchObject({ code: 0 })
    expect(first.stdout.trim()).toBe('1 created, 0 updated, 0 unchanged, 0 failed')
    const atom = await (await fetch(`${service.origin}/feeds/reports/atom.xml`)).text()
    expect(atom).toContain('<title type="text">زيارة سرية لقاآني الى بغداد تنهي التصعيد الامريكي.. طهران تحذر بغداد من مغبة نيران غضب واشنطن</title>')
    expect(atom).toContain('<published>2024-02-18T12:13:00+03:00</published>')
    expect((await importer(SEED_PAGE)).stdout.trim()).toBe('0 created, 0 updated, 1 unchanged, 0 failed')
  })

  it('reports bad files and items, exits 1, and writes nothing on --dry-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-import-'))
    const good = { id: 'cli-1', section: 'sports', title: 'خبر', content: '<p>نص</p>', url: 'https://www.mawazin.net/news/1', published: '2024-02-01T10:00:00+03:00' }
    writeFileSync(join(dir, 'a.ndjson'), `${JSON.stringify(good)}\n{"id":"cli-2","section":"sports"}\nnot json\n`)
    writeFileSync(join(dir, 'notes.txt'), 'no article here')
    const dry = await importer('--dry-run', join(dir, 'a.ndjson'), join(dir, 'notes.txt'), join(dir, 'missing.json'))
    expect(dry.code).toBe(1)
    const lines = dry.stdout.trim().split('\n')
    expect(lines[0]).toBe('dry run: 1 would be created, 0 would be updated, 0 unchanged, 4 failed')
    const sources = lines.slice(1).map((l) => l.trim().replace(dir + '/', '').split(':')[0])
    expect(sources).toEqual(['failed a.ndjson', 'failed notes.txt', 'failed missing.json', 'failed a.ndjson'])
    expect(dry.stdout).toContain('(cli-2): #/title required')
    expect((await fetch(`${service.origin}/api/articles/cli-1`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404)
  })

  it('reports a directory argument and goes on with the other files, logging progress off a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nashra-import-'))
    const result = await importer(dir, SEED_PAGE)
    expect(result.code).toBe(1)
    expect(result.stdout.trim().split('\n')).toEqual(['0 created, 0 updated, 1 unchanged, 1 failed', `  failed ${dir}: is a directory (name the files in it, e.g. dir/*.xml)`])
    expect(result.stderr).toContain('imported 1 items so far')
  })

  it('names the service it cannot reach, in one line, with what was not sent', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`
    const { code, stderr } = await (async () => {
      try {
        await run('npm', ['run', '--silent', 'import', '--', '--url', closed, SEED_PAGE], { env: { ...process.env, NASHRA_API_KEY: TOKEN } })
        return { code: 0, stderr: '' }
      } catch (error) {
        return error as { code: number; stderr: string }
      }
    })()
    expect(code).toBe(1)
    expect(stderr).toContain(`import stopped: the API did not take the batch after 5 tries: could not reach ${closed}/api/articles: ECONNREFUSED`)
    expect(stderr).toContain('not sent: 1, from ')
  }, 60_000)

  it('stops with a clear message on a wrong token', async () => {
    const { code, stderr } = await (async () => {
      try {
        await run('npm', ['run', '--silent', 'import', '--', '--url', service.origin, SEED_PAGE], { env: { ...process.env, NASHRA_API_KEY: 'wrong' } })
        return { code: 0, stderr: '' }
      } catch (error) {
        return error as { code: number; stderr: string }
      }
    })()
    expect(code).toBe(1)
    expect(stderr).toContain(`import stopped: the API refused the batch: ${service.origin}/api/articles answered 401 Unauthorized`)
    expect(stderr).toContain('not sent: 1, from ')
    expect(stderr).toContain('to resume, run the same command again')
    expect(stderr).not.toContain('wrong')
  })

  it('refuses a key on the command line, where ps shows it, and names NASHRA_API_KEY', async () => {
    const result = await importer('--token', TOKEN, SEED_PAGE)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--token is not taken: a command-line argument shows in ps. Set NASHRA_API_KEY in the environment.')
  })
})
