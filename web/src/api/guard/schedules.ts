import { crud } from '../request'

export interface ScheduleWindow {
  days: number[]
  start: string
  end: string
}

export interface Schedule {
  id: number
  name: string
  description?: string
  timezone?: string
  windows: ScheduleWindow[]
  is_default?: boolean
  version?: number
}

export type ScheduleWrite = Omit<Schedule, 'id' | 'version' | 'is_default'>

export const scheduleApi = crud<Schedule, ScheduleWrite>('guard/schedules')
