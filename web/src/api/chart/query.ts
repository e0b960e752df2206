import { http } from '../request'

export type Metric = 'requests' | 'blocked' | 'attacks'

export interface ChartQuery {
  metric: Metric | string
  dimensions?: string[]
  filters?: Record<string, unknown>
  stime: number
  etime: number
  interval?: number
  limit?: number
}

export interface ChartRow {
  time?: string | number
  value: number
  [dimension: string]: unknown
}

/** Accepts the likely shapes of a chart answer ({items}, {rows}, {series}, a bare list). */
export function rowsOf(data: unknown): ChartRow[] {
  const d = data as any
  const list = Array.isArray(d) ? d : d?.items ?? d?.rows ?? d?.series ?? d?.points ?? []
  return (list as any[]).map((r) => ({ ...r, value: Number(r.value ?? r.count ?? r.total ?? 0) }))
}

export const chartApi = {
  // Silent: the dashboard shows an empty state rather than a toast when analytics are unavailable.
  query: (q: ChartQuery) => http.post<unknown>('chart/query', q, { silent: true }).then(rowsOf),
}
