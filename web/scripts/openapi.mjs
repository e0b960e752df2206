// The console's API types come from the server's OpenAPI document. This module dumps that document
// from the Python app factory (no server needs to run) and renders it with openapi-typescript, both
// for `npm run gen:api` (writes openapi.json and src/api/schema.d.ts) and for the staleness test
// (src/api/schema.spec.ts), which fails when either file no longer matches the server.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const SPEC_FILE = join(WEB, 'openapi.json')
export const TYPES_FILE = join(WEB, 'src', 'api', 'schema.d.ts')
/** The project's virtualenv (scripts/setup creates it); CLOUDWAF_PYTHON overrides. */
export const PYTHON = process.env.CLOUDWAF_PYTHON || resolve(WEB, '..', '.venv', 'bin', 'python')

const DUMP = `
import json, sys
from cloudwaf.app import create_app
json.dump(create_app().openapi(), sys.stdout, ensure_ascii=False)
`

/** The OpenAPI document of the current server code, as an object. */
export function dumpSpec() {
  // create_app() writes a development secret into the data folder: give it a throwaway one, and
  // never the developer's database (the engine is not connected to build the document anyway).
  const data = mkdtempSync(join(tmpdir(), 'cloudwaf-openapi-'))
  try {
    const env = { ...process.env, CLOUDWAF_DATA_DIR: data, CLOUDWAF_ENV: 'development' }
    delete env.CLOUDWAF_DATABASE_URL
    delete env.CLOUDWAF_CONFIG
    const run = spawnSync(PYTHON, ['-c', DUMP], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    if (run.status !== 0) throw new Error(`dumping the OpenAPI document failed:\n${run.stderr || run.error}`)
    return JSON.parse(run.stdout)
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}

/**
 * schema.d.ts text for a document, exactly as the openapi-typescript CLI writes it. A field with a
 * default stays optional (--default-non-nullable=false): request bodies may leave it out.
 */
export function renderTypes(spec) {
  const dir = mkdtempSync(join(tmpdir(), 'cloudwaf-openapi-ts-'))
  try {
    const input = join(dir, 'openapi.json')
    const output = join(dir, 'schema.d.ts')
    writeFileSync(input, JSON.stringify(spec))
    const cli = join(WEB, 'node_modules', 'openapi-typescript', 'bin', 'cli.js')
    const run = spawnSync(process.execPath, [cli, input, '-o', output, '--default-non-nullable=false'], { encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`openapi-typescript failed:\n${run.stderr}`)
    return readFileSync(output, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export const pythonAvailable = () => existsSync(PYTHON)

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const spec = dumpSpec()
  writeFileSync(SPEC_FILE, `${JSON.stringify(spec, null, 1)}\n`)
  writeFileSync(TYPES_FILE, renderTypes(spec))
  console.log(`wrote ${SPEC_FILE} (${Object.keys(spec.paths).length} paths) and ${TYPES_FILE}`)
}
