import { crud, http } from '../request'
import type { Origin } from '@/utils/validators'

export interface Domain {
  id: number
  name: string
  http_ports: number[]
  https_ports: number[]
  redirect_https?: boolean
  hsts?: boolean
  origins: (Origin | string)[]
  policy_id: number
  node_group_id: number
  enabled: boolean
  version: number
  certs?: { id: number; name: string; not_after?: string }[]
  cert_ids?: number[]
  created_at?: string
  updated_at?: string
}

export type DomainWrite = Pick<Domain, 'name' | 'http_ports' | 'https_ports' | 'origins' | 'enabled'> &
  Partial<Pick<Domain, 'policy_id' | 'node_group_id' | 'redirect_https' | 'hsts' | 'version'>>

export const domainApi = {
  ...crud<Domain, DomainWrite>('guard/domains'),
  certs: (id: number) => http.get<{ items: { id: number; name: string }[] } | { id: number; name: string }[]>(`guard/domains/${id}/certs`),
  bindCert: (id: number, certId: number) => http.post<null>(`guard/domains/${id}/certs`, { cert_id: certId }),
  unbindCert: (id: number, certId: number) => http.delete<null>(`guard/domains/${id}/certs/${certId}`),
}
