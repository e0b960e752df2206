import { http } from '../request'

export type Metric = 'requests' | 'blocked' | 'attacks'

export interface ChartQuery {
  metric: Metric | string
  dimensions?: string[]
  filters?: Record<string, unknown>
  stime: number
  etime: number
  /** 'auto' | '1m' | '5m' | '1h' | '1d' */
  interval?: string
  limit?: number
}

export interface ChartRow {
  time?: string | number
  value: number
  [dimension: string]: unknown
}

/** A chart answer is {kind: 'series', points: [{time, value}]} or {kind: 'top', rows: [{key, label, value}]}. */
export function rowsOf(data: unknown): ChartRow[] {
  const d = data as any
  const list = Array.isArray(d) ? d : d?.items ?? d?.rows ?? d?.series ?? d?.points ?? []
  return (list as any[]).map((r) => ({ ...r, value: Number(r.value ?? r.count ?? r.total ?? 0) }))
}

export const chartApi = {
  // Silent: the dashboard shows an empty state rather than a toast when analytics are unavailable.
  query: (q: ChartQuery) => http.post<unknown>('chart/query', q, { silent: true }).then(rowsOf),
}
