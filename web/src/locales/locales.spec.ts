import { describe, expect, it } from 'vitest'
import en from './en'
import zh from './zh-CN'
import { detectLocale } from './index'

function keys(obj: Record<string, any>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort())
  })

  it('picks the stored choice, then the browser language', () => {
    expect(detectLocale('en', 'zh-CN')).toBe('en')
    expect(detectLocale(null, 'zh-TW')).toBe('zh-CN')
    expect(detectLocale(null, 'de-DE')).toBe('en')
    expect(detectLocale('fr', 'en-US')).toBe('en')
  })
})

describe('every static key used in the source exists', () => {
  const files = import.meta.glob(['../**/*.vue', '../**/*.ts', '!../**/*.spec.ts', '!../locales/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>
  const flat = new Set(keys(en))
  const used = new Set<string>()
  for (const text of Object.values(files)) {
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    for (const m of text.matchAll(/(?:toastOk|confirmDanger|rule\([^,]+,)\s*\(?\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1])
  }
  it.each([...used].sort())('%s', (key) => {
    expect(flat.has(key)).toBe(true)
  })
})
