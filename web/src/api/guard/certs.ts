import { crud } from '../request'

export interface Cert {
  id: number
  name: string
  subject: string
  sans: string[]
  issuer: string
  not_before: string
  not_after: string
  fingerprint_sha256: string
  key_type?: string
  version: number
}

export interface CertWrite {
  name: string
  cert_pem: string
  key_pem: string
}

export const certApi = crud<Cert, CertWrite>('guard/certs')
