import { domainApi } from '@/api/guard/domains'
import { policyApi, type Exclusion } from '@/api/guard/policies'
import type { AttackEvent } from '@/api/chart/events'

/** The request path without query string: the narrowest prefix that still covers the request. */
export function pathOf(uri: string): string {
  const path = (uri || '/').split(/[?#]/)[0] || '/'
  return path.startsWith('/') ? path : `/${path}`
}

/** Numeric CRS rule ids from an event (ignores anomaly-score rules that only sum up). */
export function ruleIdsOf(ev: Pick<AttackEvent, 'rule_ids'>): number[] {
  const ids = ev.rule_ids.map(Number).filter((n) => Number.isInteger(n) && n > 0)
  const specific = ids.filter((n) => !(n >= 949000 && n < 950000) && !(n >= 959000 && n < 960000) && !(n >= 980000 && n < 981000))
  return [...new Set(specific.length ? specific : ids)]
}

/** The policy that protects the event's domain, found by name when the event does not carry it. */
export async function policyForEvent(ev: AttackEvent): Promise<number | null> {
  if (ev.policy_id) return ev.policy_id
  const page = await domainApi.list({ keyword: ev.domain, page_size: 50 })
  return page.items.find((d) => d.name === ev.domain)?.policy_id ?? null
}

/**
 * Adds `{rule_ids, path_prefix}` to the policy's exclusions, unless an equal one exists. The
 * update carries the policy's version so a concurrent edit fails (409) instead of being lost.
 */
export async function addExclusion(policyId: number, ex: Exclusion): Promise<'added' | 'exists'> {
  const policy = await policyApi.get(policyId)
  const same = (a: Exclusion) => (a.path_prefix ?? '') === (ex.path_prefix ?? '') && [...a.rule_ids].sort().join() === [...ex.rule_ids].sort().join()
  if (policy.exclusions.some(same)) return 'exists'
  await policyApi.update(policyId, { exclusions: [...policy.exclusions, ex] }, policy.version)
  return 'added'
}
