import { crud, http } from '../request'

export interface ApiKey {
  id: number
  name: string
  prefix?: string
  scopes: string[]
  expires_at: string | null
  last_used_at?: string | null
  revoked?: boolean
  status?: 'active' | 'revoked' | 'expired'
  last_used_ip?: string
  revoked_at?: string | null
  created_at?: string
  user_id?: number
  username?: string
}

export interface ApiKeyCreate {
  name: string
  scopes: string[]
  expires_in_days: number
}

export const apiKeyApi = {
  ...crud<ApiKey, ApiKeyCreate>('sys/api-keys'),
  // The secret comes back once, in `key`, and is never readable again.
  create: (body: ApiKeyCreate) => http.post<ApiKey & { key: string }>('sys/api-keys', body),
  revoke: (id: number) => http.post<null>(`sys/api-keys/${id}/revoke`),
}
