import { crud } from '../request'
import type { Schema } from '../types'

export type ScheduleWindow = Schema<'TimeWindow'>
export type Schedule = Schema<'ScheduleRead'>
export type ScheduleWrite = Schema<'ScheduleCreate'>

export const scheduleApi = crud<Schedule, ScheduleWrite, Schema<'ScheduleUpdate'>>('guard/schedules')
