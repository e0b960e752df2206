import { http } from '../request'
import type { Schema } from '../types'

export type Metric = 'requests' | 'blocked' | 'attacks'
export type ChartQuery = Schema<'ChartQuery'>
export type ChartResult = Schema<'ChartResult'>

/** One point of a series ({time, value}) or one row of a top list ({key, label, value}). */
export type ChartRow = Partial<Schema<'SeriesPoint'>> & Partial<Schema<'TopRow'>> & { value: number; [dimension: string]: unknown }

/** A chart answer is {kind: 'series', points: [{time, value}]} or {kind: 'top', rows: [{key, label, value}]}. */
export function rowsOf(data: ChartResult | null | undefined): ChartRow[] {
  const list: ChartRow[] = (data?.kind === 'top' ? data.rows : data?.points) ?? []
  return list.map((r) => ({ ...r, value: Number(r.value ?? 0) }))
}

export const chartApi = {
  // Silent: the dashboard shows an empty state rather than a toast when analytics are unavailable.
  query: (q: ChartQuery) => http.post<ChartResult>('chart/query', q, { silent: true }).then(rowsOf),
}
