import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue'
import { chartApi, type ChartQuery, type ChartRow, type Metric } from '@/api/chart/query'
import { nodeApi, type WafNode } from '@/api/node/nodes'


type Interval = NonNullable<ChartQuery['interval']>
export const RANGES = [
  { key: '1h', seconds: 3600, interval: '1m' },
  { key: '24h', seconds: 86400, interval: '5m' },
  { key: '7d', seconds: 7 * 86400, interval: '1h' },
  { key: '30d', seconds: 30 * 86400, interval: '1d' },
] as const

const METRICS: Metric[] = ['requests', 'blocked', 'attacks']
const TOPS = { client_ip: 'attacks', country: 'attacks', rule_id: 'attacks', domain: 'attacks' } as const
export type TopKey = keyof typeof TOPS

/**
 * Everything the dashboard shows, loaded in parallel. Each panel fails on its own: a missing or
 * failing analytics API leaves empty panels with a note, never a broken page.
 */
export function useDashboard() {
  const range = ref<string>('24h')
  const custom = ref<[Date, Date] | null>(null)
  const refreshSeconds = ref(60)
  const loading = ref(false)
  const chartAvailable = ref(true)
  const series = reactive<Record<string, ChartRow[]>>({ requests: [], blocked: [], attacks: [] })
  const tops = reactive<Record<TopKey, ChartRow[]>>({ client_ip: [], country: [], rule_id: [], domain: [] })
  const nodes = ref<WafNode[]>([])
  const nodesAvailable = ref(true)
  const updatedAt = ref<Date | null>(null)

  const window = computed(() => {
    if (range.value === 'custom' && custom.value) {
      const [s, e] = custom.value
      const span = (e.getTime() - s.getTime()) / 1000
      return { stime: Math.floor(s.getTime() / 1000), etime: Math.floor(e.getTime() / 1000), interval: 'auto' as Interval }
    }
    const r = RANGES.find((x) => x.key === range.value) ?? RANGES[1]
    const etime = Math.floor(Date.now() / 1000)
    return { stime: etime - r.seconds, etime, interval: r.interval as Interval }
  })

  async function load() {
    loading.value = true
    const w = window.value
    const seriesJobs = METRICS.map((metric) =>
      chartApi.query({ metric, dimensions: [], ...w }).then((rows) => ((series[metric] = rows), true)),
    )
    const topJobs = (Object.keys(TOPS) as TopKey[]).map((dim) =>
      chartApi.query({ metric: TOPS[dim], dimensions: [dim], stime: w.stime, etime: w.etime, limit: 10 }).then((rows) => ((tops[dim] = rows), true)),
    )
    const nodeJob = nodeApi.list({ page: 1, page_size: 500 }, { silent: true }).then((p) => ((nodes.value = p.items ?? []), true))
    const results = await Promise.allSettled([...seriesJobs, ...topJobs])
    chartAvailable.value = results.some((r) => r.status === 'fulfilled')
    nodesAvailable.value = (await Promise.allSettled([nodeJob]))[0].status === 'fulfilled'
    updatedAt.value = new Date()
    loading.value = false
  }

  let timer: ReturnType<typeof setInterval> | undefined
  watch(
    refreshSeconds,
    (s) => {
      clearInterval(timer)
      if (s > 0) timer = setInterval(() => document.visibilityState === 'visible' && load(), s * 1000)
    },
    { immediate: true },
  )
  watch([range, custom], () => load())
  onBeforeUnmount(() => clearInterval(timer))

  const totals = computed(() => Object.fromEntries(METRICS.map((m) => [m, series[m].reduce((a, r) => a + r.value, 0)])) as Record<Metric, number>)
  const nodeStats = computed(() => {
    const by = { online: 0, degraded: 0, offline: 0 }
    for (const n of nodes.value) by[n.status in by ? n.status : 'offline']++
    return { total: nodes.value.length, ...by }
  })

  return { range, custom, refreshSeconds, loading, chartAvailable, series, tops, nodes, nodesAvailable, nodeStats, totals, updatedAt, load }
}
