import { crud } from '../request'
import type { Schema } from '../types'

export type Cert = Schema<'CertRead'>
export type CertWrite = Schema<'CertCreate'>

export const certApi = crud<Cert, CertWrite, Schema<'CertUpdate'>>('guard/certs')
