import type { AttackEvent } from '@/api/chart/events'

/** The request path without query string: what the server scopes the exclusion to. */
export function pathOf(uri: string): string {
  const path = (uri || '/').split(/[?#]/)[0] || '/'
  return path.startsWith('/') ? path : `/${path}`
}

/** Numeric CRS rule ids from an event, without the anomaly-score rules that only add up scores. */
export function ruleIdsOf(ev: Pick<AttackEvent, 'rule_ids'>): number[] {
  const ids = ev.rule_ids.map(Number).filter((n) => Number.isInteger(n) && n > 0)
  const specific = ids.filter((n) => !(n >= 949000 && n < 950000) && !(n >= 959000 && n < 960000) && !(n >= 980000 && n < 981000))
  return [...new Set(specific.length ? specific : ids)]
}
