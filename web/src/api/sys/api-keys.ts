import { crud, http } from '../request'
import type { Schema } from '../types'

export type ApiKey = Schema<'ApiKeyRead'>
export type ApiKeyCreate = Schema<'ApiKeyCreate'>

export const apiKeyApi = {
  ...crud<ApiKey, ApiKeyCreate, Schema<'ApiKeyUpdate'>>('sys/api-keys'),
  // The secret comes back once, in `key`, and is never readable again.
  create: (body: ApiKeyCreate) => http.post<Schema<'ApiKeyCreated'>>('sys/api-keys', body),
  revoke: (id: number) => http.post<ApiKey>(`sys/api-keys/${id}/revoke`),
}
