import { crud } from '../request'
import type { Schema } from '../types'

/** Per-path routing of a domain: the longest matching `path_prefix` wins; the domain's own origins serve '/'. */
export type Forward = Schema<'ForwardRead'>
export type ForwardWrite = Schema<'ForwardCreate'>
export type ForwardUpdate = Schema<'ForwardUpdate'>
export type UpstreamServer = Schema<'UpstreamServer'>

export const forwardApi = crud<Forward, ForwardWrite, ForwardUpdate>('guard/forwards')
