import { http, type PageQuery, type Page } from '../request'

export interface AttackEvent {
  id: number
  time: string
  domain: string
  node: string
  client_ip: string
  country: string
  method: string
  uri: string
  status?: number
  rule_ids: (number | string)[]
  messages: string[]
  anomaly_score: number
  action: 'blocked' | 'detected'
  event_id: string
  domain_id?: number
  policy_id?: number
}

export interface FalsePositiveResult {
  policy_id: number
  policy_version: number
  exclusion: Record<string, unknown>
  created: boolean
  domains_affected: number
}

export const eventApi = {
  /** The server adds `{rule_ids, path_prefix}` (the event's path) to the domain's policy. */
  falsePositive: (id: number, body: { rule_ids?: number[]; target?: string; whole_domain?: boolean }) =>
    http.post<FalsePositiveResult>(`chart/events/${id}/false-positive`, body),
  list: (q: PageQuery) => http.get<Page<AttackEvent>>('chart/events', q),
  get: (id: number) => http.get<AttackEvent>(`chart/events/${id}`, undefined, { silent: true }),
}
