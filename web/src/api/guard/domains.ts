import { crud, http } from '../request'
import type { Schema } from '../types'

export type Domain = Schema<'DomainRead'>
export type DomainWrite = Schema<'DomainCreate'>
export type DomainUpdate = Schema<'DomainUpdate'>
export type Origin = Schema<'Origin'>
export type CertBinding = Schema<'CertBinding'>

export const domainApi = {
  ...crud<Domain, DomainWrite, DomainUpdate>('guard/domains'),
  certs: (id: number) => http.get<CertBinding[]>(`guard/domains/${id}/certs`),
  bindCert: (id: number, certId: number) => http.post<CertBinding>(`guard/domains/${id}/certs`, { cert_id: certId } satisfies Schema<'CertBind'>),
  unbindCert: (id: number, certId: number) => http.delete<Schema<'Deleted'> | null>(`guard/domains/${id}/certs/${certId}`),
}
