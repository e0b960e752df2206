import { http, type Page, type PageQuery } from '../request'

export interface Setting {
  key: string
  value: unknown
  description?: string
  editable?: boolean
  read_only?: boolean
  type?: string
  choices?: unknown[]
}

export interface AuditLog {
  id: number
  time?: string
  created_at?: string
  username?: string
  user_id?: number
  oem_id?: number
  action: string
  resource: string
  resource_id?: string | number | null
  ip?: string
  client_ip?: string
  before?: unknown
  after?: unknown
  summary?: unknown
  actor_name?: string
  actor_id?: number | null
  via?: string
  target_type?: string
  target_id?: string
}

export interface LoginSession {
  id: number
  user_id?: number
  username?: string
  ip?: string
  client_ip?: string
  user_agent?: string
  created_at: string
  expires_at: string
  last_seen_at?: string | null
  current?: boolean
}

export const settingApi = {
  list: () => http.get<Setting[] | Page<Setting> | Record<string, unknown>>('sys/settings'),
  update: (values: Record<string, unknown>) => http.put<unknown>('sys/settings', { values }),
}

export const auditApi = {
  list: (q: PageQuery) => http.get<Page<AuditLog>>('sys/audit-logs', q),
}

export const sessionApi = {
  list: (q: PageQuery) => http.get<Page<LoginSession>>('sys/sessions', q),
  remove: (id: number) => http.delete<null>(`sys/sessions/${id}`),
}
