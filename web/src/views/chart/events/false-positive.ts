import type { AttackEvent } from '@/api/chart/events'

/** The request path without query string: what the server scopes the exclusion to. */
export function pathOf(uri: string): string {
  const path = (uri || '/').split(/[?#]/)[0] || '/'
  return path.startsWith('/') ? path : `/${path}`
}

/**
 * The rule ids an exclusion can switch off, as the server's `excludable_rules`: CRS rules
 * (1-999,999), without the anomaly-score rules that only add up scores. The platform's own
 * rules (ACL, CC, node evaluation: ids >= 10,000,000) cannot be excluded and are never offered.
 */
export function ruleIdsOf(ev: { rule_ids: AttackEvent['rule_ids'] | string[] }): number[] {
  const ids = (ev.rule_ids as (number | string)[]).map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 999_999)
  const specific = ids.filter((n) => !(n >= 949000 && n < 950000) && !(n >= 959000 && n < 960000) && !(n >= 980000 && n < 981000))
  return [...new Set(specific)]
}
