import { http, type PageQuery, type Page } from '../request'
import type { Schema } from '../types'

export type AttackEvent = Schema<'AttackEventRead'>
export type AttackEventDetail = Schema<'AttackEventDetail'>
export type FalsePositiveResult = Schema<'FalsePositiveRead'>

export const eventApi = {
  /** The server adds `{rule_ids, path_prefix}` (the event's path) to the domain's policy. */
  falsePositive: (id: number, body: Schema<'FalsePositiveIn'>) => http.post<FalsePositiveResult>(`chart/events/${id}/false-positive`, body),
  list: (q: PageQuery) => http.get<Page<AttackEvent>>('chart/events', q),
  get: (id: number) => http.get<AttackEventDetail>(`chart/events/${id}`, undefined, { silent: true }),
}
