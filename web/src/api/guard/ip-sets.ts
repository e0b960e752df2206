import { crud, http, request, type Page, type Query } from '../request'
import type { Schema } from '../types'

export type IpSet = Schema<'IpSetRead'>
export type IpEntry = Schema<'IpEntryRead'>
export type IpEntryWrite = Schema<'IpEntryCreate'>
export type ImportResult = Schema<'ImportResult'>

export const ipSetApi = {
  ...crud<IpSet, Schema<'IpSetCreate'>, Schema<'IpSetUpdate'>>('guard/ip-sets'),
  entries: (id: number, q: Query) => http.get<Page<IpEntry>>(`guard/ip-sets/${id}/ips`, q),
  addEntry: (id: number, body: IpEntryWrite) => http.post<IpEntry>(`guard/ip-sets/${id}/ips`, body),
  removeEntry: (id: number, entryId: number) => http.delete<null>(`guard/ip-sets/${id}/ips/${entryId}`),
  import: (id: number, text: string) =>
    request<ImportResult>('POST', `guard/ip-sets/${id}/import`, { body: text, headers: { 'Content-Type': 'text/plain' } }),
  export: (id: number) => request<Response>('GET', `guard/ip-sets/${id}/export`, { raw: true }),
}
