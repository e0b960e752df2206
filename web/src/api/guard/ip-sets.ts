import { crud, http, request } from '../request'

export interface IpSet {
  id: number
  name: string
  description: string
  entry_count?: number
  version?: number
}

export interface IpEntry {
  id: number
  ip: string
  comment?: string | null
  expires_at?: string | null
}

export const ipSetApi = {
  ...crud<IpSet, { name: string; description: string }>('guard/ip-sets'),
  entries: (id: number, q: Record<string, any>) => http.get<{ items: IpEntry[]; total: number }>(`guard/ip-sets/${id}/ips`, q),
  addEntry: (id: number, body: { ip: string; comment?: string; expires_at?: string | null }) => http.post<IpEntry>(`guard/ip-sets/${id}/ips`, body),
  removeEntry: (id: number, entryId: number) => http.delete<null>(`guard/ip-sets/${id}/ips/${entryId}`),
  import: (id: number, text: string) =>
    request<{ added?: number; skipped?: number }>('POST', `guard/ip-sets/${id}/import`, { body: text, headers: { 'Content-Type': 'text/plain' } }),
  export: (id: number) => request<Response>('GET', `guard/ip-sets/${id}/export`, { raw: true }),
}
