import { onMounted, reactive, ref, type Ref } from 'vue'
import type { Page, PageQuery } from '@/api/request'
import { ApiError } from '@/api/request'

/**
 * List state shared by every table page: filters, pagination, loading and the last error (so
 * the table can show "could not load" instead of a misleading "no data").
 */
export function useList<T, F extends Record<string, any> = Record<string, any>>(
  fetcher: (q: PageQuery) => Promise<Page<T>>,
  initialFilters: F = {} as F,
  opts: { pageSize?: number; immediate?: boolean } = {},
) {
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(opts.pageSize ?? 20)
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  const filters = reactive({ ...initialFilters }) as F

  async function load() {
    loading.value = true
    try {
      const res = await fetcher({ ...filters, page: page.value, page_size: pageSize.value })
      items.value = res?.items ?? []
      total.value = res?.total ?? items.value.length
      error.value = null
    } catch (e) {
      error.value = e instanceof ApiError ? e : new ApiError(-1, String(e), 0)
      items.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }

  function search() {
    page.value = 1
    return load()
  }

  function reset() {
    Object.assign(filters, initialFilters)
    return search()
  }

  if (opts.immediate !== false) onMounted(load)
  return { items, total, page, pageSize, loading, error, filters, load, search, reset }
}

/** Options for a <el-select> from a collection (policies, node groups, schedules ...). */
export function useOptions<T extends { id: number; name: string }>(fetcher: (q: PageQuery) => Promise<Page<T>>) {
  const options = ref([]) as Ref<T[]>
  const load = async () => {
    try {
      options.value = (await fetcher({ page: 1, page_size: 500 })).items ?? []
    } catch {
      options.value = []
    }
  }
  onMounted(load)
  const nameOf = (id?: number | null) => options.value.find((o) => o.id === id)?.name
  return { options, load, nameOf }
}
