/**
 * Forward rules of a domain: requests under a path prefix go to their own upstream servers
 * instead of the domain's origins (which keep serving '/'). nginx picks the longest matching
 * prefix, so the console shows rules in that order: the order in which they are tried.
 * The checks mirror the API's ForwardCreate / ForwardUpdate schemas.
 */
import type { Forward, ForwardUpdate, ForwardWrite } from '@/api/guard/forwards'
import { inRange, isGuardName, isHostHeader, isPathPrefix, isPort, isUpstreamHost } from '@/utils/validators'

export type Scheme = ForwardWrite['scheme'] & string
export type Balance = ForwardWrite['lb'] & string
export const BALANCES: Balance[] = ['round_robin', 'ip_hash', 'least_conn']
export const MAX_SERVERS = 64

/** Bounds of the numeric fields, as the API declares them. */
export const LIMITS = {
  connect_timeout: [1, 300],
  read_timeout: [1, 3600],
  max_fails: [0, 100],
  fail_timeout: [1, 3600],
  weight: [1, 100],
} as const

export interface ServerRow {
  host: string
  port: number | undefined
  weight: number
}

export interface ForwardForm {
  name: string
  path_prefix: string
  servers: ServerRow[]
  scheme: Scheme
  lb: Balance
  host_header: string
  connect_timeout: number
  read_timeout: number
  max_fails: number
  fail_timeout: number
  enabled: boolean
}

export const blankServer = (): ServerRow => ({ host: '', port: 80, weight: 1 })

export function blankForward(): ForwardForm {
  return {
    name: '', path_prefix: '', servers: [blankServer()], scheme: 'http', lb: 'round_robin', host_header: '',
    connect_timeout: 5, read_timeout: 60, max_fails: 3, fail_timeout: 10, enabled: true,
  }
}

export function formOf(rule: Forward): ForwardForm {
  return {
    name: rule.name ?? '', path_prefix: rule.path_prefix, scheme: rule.scheme, lb: rule.lb, host_header: rule.host_header ?? '',
    servers: rule.servers.map((s) => ({ host: s.host, port: s.port, weight: s.weight ?? 1 })),
    connect_timeout: rule.connect_timeout, read_timeout: rule.read_timeout, max_fails: rule.max_fails,
    fail_timeout: rule.fail_timeout, enabled: rule.enabled,
  }
}

/** A path prefix a forward rule may take: the API's path grammar, and never '/' (the origins' own). */
export type PathProblem = 'path' | 'root' | 'taken' | null
export function pathProblem(path: string, others: Pick<Forward, 'path_prefix'>[] = []): PathProblem {
  const p = (path ?? '').trim()
  if (!isPathPrefix(p)) return 'path'
  if (p === '/') return 'root'
  if (others.some((o) => o.path_prefix === p)) return 'taken'
  return null
}

/** The index of the first bad upstream server row (-1 when all are fine). */
export function badServer(rows: ServerRow[]): number {
  return rows.findIndex((r) => !isUpstreamHost(r.host) || !isPort(r.port) || !inRange(r.weight, LIMITS.weight[0], LIMITS.weight[1]))
}

export const serversOk = (rows: ServerRow[]) => rows.length >= 1 && rows.length <= MAX_SERVERS && badServer(rows) < 0

/** Every problem of a form, by field (empty when the API would accept it). */
export function problems(form: ForwardForm, others: Pick<Forward, 'path_prefix'>[] = []): Partial<Record<keyof ForwardForm, string>> {
  const out: Partial<Record<keyof ForwardForm, string>> = {}
  if (form.name.trim() && !isGuardName(form.name)) out.name = 'validation.guardName'
  const path = pathProblem(form.path_prefix, others)
  if (path) out.path_prefix = path === 'path' ? 'validation.path' : path === 'root' ? 'forwards.rootPath' : 'forwards.pathTaken'
  if (!serversOk(form.servers)) out.servers = 'forwards.badServers'
  if (form.host_header.trim() && !isHostHeader(form.host_header)) out.host_header = 'forwards.badHostHeader'
  for (const key of ['connect_timeout', 'read_timeout', 'max_fails', 'fail_timeout'] as const) {
    if (!inRange(form[key], LIMITS[key][0], LIMITS[key][1])) out[key] = 'forwards.outOfRange'
  }
  return out
}

function servers(form: ForwardForm) {
  return form.servers.map((s) => ({ host: s.host.trim(), port: Number(s.port), weight: s.weight }))
}

/** The create body: an empty name or Host header is left out (the API's defaults). */
export function createBody(domainId: number, form: ForwardForm): ForwardWrite {
  const name = form.name.trim()
  const host = form.host_header.trim()
  return {
    domain_id: domainId, path_prefix: form.path_prefix.trim(), servers: servers(form), scheme: form.scheme, lb: form.lb,
    connect_timeout: form.connect_timeout, read_timeout: form.read_timeout, max_fails: form.max_fails,
    fail_timeout: form.fail_timeout, enabled: form.enabled,
    ...(name ? { name } : {}),
    ...(host ? { host_header: host } : {}),
  }
}

/** The update body: clearing the Host header override is `pass_host` (the client's Host again). */
export function updateBody(rule: Forward, form: ForwardForm): ForwardUpdate {
  const name = form.name.trim()
  const host = form.host_header.trim()
  return {
    path_prefix: form.path_prefix.trim(), servers: servers(form), scheme: form.scheme, lb: form.lb,
    connect_timeout: form.connect_timeout, read_timeout: form.read_timeout, max_fails: form.max_fails,
    fail_timeout: form.fail_timeout, enabled: form.enabled,
    ...(name ? { name } : {}),
    ...(host ? { host_header: host } : rule.host_header ? { pass_host: true } : {}),
  }
}

/** Rules in the order nginx tries them: the longest prefix first, then alphabetically. */
export function matchOrder<T extends Pick<Forward, 'path_prefix'>>(rules: T[]): T[] {
  return [...rules].sort((a, b) => b.path_prefix.length - a.path_prefix.length || a.path_prefix.localeCompare(b.path_prefix))
}

/** Which enabled rule serves a request path (null: the domain's origins). Plain prefix match,
 * as nginx's `location /prefix`. */
export function ruleFor<T extends Pick<Forward, 'path_prefix' | 'enabled'>>(rules: T[], path: string): T | null {
  return matchOrder(rules.filter((r) => r.enabled)).find((r) => path.startsWith(r.path_prefix)) ?? null
}

export const serverText = (s: { host: string; port: number; weight?: number }) =>
  `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}${s.weight && s.weight !== 1 ? ` ×${s.weight}` : ''}`
