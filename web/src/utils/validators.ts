/**
 * Form validators that mirror what the API accepts, so that mistakes are caught at the field
 * instead of coming back as a 400. Pure predicates (unit-tested) plus a helper that turns one
 * into an Element Plus rule with a translated message.
 */
import type { FormItemRule } from 'element-plus'
import { i18n } from '@/locales'
import type { Schema } from '@/api/types'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i

export function isHostname(value: string, { wildcard = true } = {}): boolean {
  if (!value || value.length > 253) return false
  let v = value.trim().toLowerCase().replace(/\.$/, '')
  if (wildcard && v.startsWith('*.')) v = v.slice(2)
  // ASCII (punycode) only, like the server's grammar: IDNs are entered as xn--… labels.
  const labels = v.split('.')
  if (labels.length < 2) return false
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1])
}

export function isIPv4(value: string): boolean {
  const parts = value.split('.')
  return parts.length === 4 && parts.every((p) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(p))
}

export function isIPv6(value: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(':')) return false
  const dbl = value.split('::')
  if (dbl.length > 2) return false
  const groups = value.replace('::', ':x:').split(':').filter((g) => g !== '')
  let count = 0
  for (const g of groups) {
    if (g === 'x') continue
    if (g.includes('.')) {
      if (!isIPv4(g)) return false
      count += 2
    } else if (/^[0-9a-f]{1,4}$/i.test(g)) count += 1
    else return false
  }
  return dbl.length === 2 ? count < 8 : count === 8
}

export const isIp = (v: string) => isIPv4(v) || isIPv6(v)

export function isCidr(value: string): boolean {
  const [ip, bits, extra] = value.trim().split('/')
  if (extra !== undefined) return false
  if (bits === undefined) return isIp(ip)
  if (!/^\d{1,3}$/.test(bits)) return false
  const n = Number(bits)
  return isIPv4(ip) ? n <= 32 : isIPv6(ip) ? n <= 128 : false
}

export function isPort(value: unknown): boolean {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535
}

export type Origin = Schema<'Origin'>

/** An origin or upstream host as the server takes it: an IP literal or a hostname (one label is
 * enough: `backend`), never a wildcard. */
export function isUpstreamHost(value: string): boolean {
  const v = (value ?? '').trim().replace(/^\[(.*)\]$/, '$1')
  return isIp(v) || isHostname(v, { wildcard: false }) || /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(v)
}

/** A Host header override: a hostname (no wildcard) with an optional port. */
export function isHostHeader(value: string): boolean {
  const m = (value ?? '').trim().match(/^([^:]+)(?::(\d{1,5}))?$/)
  if (!m) return false
  const [, name, port] = m
  if (port !== undefined && !isPort(port)) return false
  return isHostname(name, { wildcard: false }) || /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(name)
}

/** A guard object's display name (the server may show it inside a ModSecurity message): letters
 * of any script, digits, space and . : ( ) / @ + , - _ only, at most 64. */
export const isGuardName = (v: string) => /^[\p{L}\p{N}_][\p{L}\p{N}_ .:()/@+,-]{0,63}$/u.test((v ?? '').trim())

/** An integer within [min, max], as the API's bounded number fields. */
export const inRange = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** "10.0.0.5:8080", "[::1]:80", "app.internal:443" → {host, port}; null when invalid. */
export function parseOrigin(value: string): Origin | null {
  const v = value.trim()
  const m = v.match(/^\[([^\]]+)\]:(\d+)$/) ?? v.match(/^([^:\s]+):(\d+)$/)
  if (!m) return null
  const [, host, port] = m
  if (!isPort(port)) return null
  if (!isUpstreamHost(host)) return null
  return { host, port: Number(port) }
}

export function isPem(value: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): boolean {
  const re = kind === 'CERTIFICATE'
    ? /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/
    : /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/
  return re.test(value ?? '')
}

/** URL path prefixes reach nginx: the server's grammar allows only these characters. */
export function isPathPrefix(value: string): boolean {
  return /^\/[A-Za-z0-9._~!*+,=:@/-]{0,255}$/.test(value ?? '')
}

export const isHeaderName = (v: string) => /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(v ?? '')
export const isHHMM = (v: string) => /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(v ?? '')

export const isRuleId = (v: string | number) => /^\d{1,6}$/.test(String(v).trim()) && Number(v) > 0

export const isColor = (v: string) => /^#[0-9a-f]{6}$/i.test(v ?? '')

export const isUsername = (v: string) => /^[a-zA-Z0-9_.@-]{3,64}$/.test(v ?? '')

/** At least 8 characters with letters and digits: the server's minimum. */
export const isStrongPassword = (v: string) => (v ?? '').length >= 8 && /[a-zA-Z]/.test(v) && /\d/.test(v)

export const isEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v ?? '')

/** One entry per line (IP set import): returns the bad lines, 1-based. */
export function badLines(text: string, pred: (line: string) => boolean): number[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const v = line.split(/[,\s#]/)[0].trim()
    return v && !pred(v) ? [i + 1] : []
  })
}

type Pred = (value: any) => boolean

/** An Element Plus rule from a predicate; empty values pass (combine with `required`). */
export function rule(pred: Pred, messageKey: string, trigger: string | string[] = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_r, value, cb) => {
      const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
      if (empty || pred(value)) cb()
      else cb(new Error(i18n.global.t(messageKey)))
    },
  }
}

export function required(trigger: string | string[] = 'blur'): FormItemRule {
  return { required: true, trigger, message: () => i18n.global.t('validation.required') }
}

export function maxLen(max: number): FormItemRule {
  return { max, trigger: 'blur', message: () => i18n.global.t('validation.maxLength', { max }) }
}
