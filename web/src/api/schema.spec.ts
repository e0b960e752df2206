// @vitest-environment node
/**
 * The API modules take their types from schema.d.ts, which openapi-typescript renders from the
 * server's OpenAPI document. This fails as soon as the server's API and the committed files
 * drift apart: run `npm run gen:api` (then the type check shows what the console must follow).
 * Skipped when the Python environment is absent (a console-only checkout).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { dumpSpec, pythonAvailable, renderTypes, SPEC_FILE, TYPES_FILE } from '../../scripts/openapi.mjs'

/** The differing middle of two texts (common head and tail cut), short enough to read in CI. */
function changed(committed: string, current: string): string {
  const a = committed.split('\n')
  const b = current.split('\n')
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const show = (lines: string[], sign: string) => lines.slice(head, lines.length - tail).slice(0, 40).map((l) => `${sign} ${l}`)
  return a.length === b.length && head === a.length ? '' : [`@@ line ${head + 1}`, ...show(a, '-'), ...show(b, '+')].join('\n')
}

describe.skipIf(!pythonAvailable())('generated API types', () => {
  it('openapi.json and schema.d.ts match the server (npm run gen:api)', () => {
    const spec = dumpSpec()
    const committed = JSON.parse(readFileSync(SPEC_FILE, 'utf8'))
    expect(Object.keys(committed.paths).sort(), 'paths').toEqual(Object.keys(spec.paths).sort())
    expect(Object.keys(committed.components.schemas).sort(), 'schemas').toEqual(Object.keys(spec.components.schemas).sort())
    // A failure shows the lines that changed (committed -, server +) rather than one huge object.
    expect(changed(readFileSync(TYPES_FILE, 'utf8'), renderTypes(spec)), 'src/api/schema.d.ts is stale: npm run gen:api').toBe('')
    expect(changed(JSON.stringify(committed, null, 1), JSON.stringify(spec, null, 1)), 'openapi.json is stale: npm run gen:api').toBe('')
  }, 120_000)
})
