import { http, type Page, type PageQuery } from '../request'
import type { Schema } from '../types'

export type Setting = Schema<'SettingRead'>
export type AuditLog = Schema<'AuditLogRead'>
export type LoginSession = Schema<'SessionRead'>

export const settingApi = {
  list: () => http.get<Setting[]>('sys/settings'),
  update: (values: Schema<'SettingsUpdate'>['values']) => http.put<Setting[]>('sys/settings', { values } satisfies Schema<'SettingsUpdate'>),
}

export const auditApi = {
  list: (q: PageQuery) => http.get<Page<AuditLog>>('sys/audit-logs', q),
}

export const sessionApi = {
  list: (q: PageQuery) => http.get<Page<LoginSession>>('sys/sessions', q),
  remove: (id: number) => http.delete<null>(`sys/sessions/${id}`),
}
