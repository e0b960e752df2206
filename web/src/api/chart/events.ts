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

export const eventApi = {
  list: (q: PageQuery) => http.get<Page<AttackEvent>>('chart/events', q),
  get: (id: number) => http.get<AttackEvent>(`chart/events/${id}`, undefined, { silent: true }),
}
