import { reactive, ref, type Ref } from 'vue'
import type { Page } from '@/api/types'
import { reportError } from '@/utils/notify'

/** What every paginated list keeps in its filters. */
export interface Paging {
  page: number
  page_size: number
}

interface PagedListOptions<F extends Paging, T> {
  filters: F
  fetch: (filters: F, signal: AbortSignal) => Promise<Page<T>>
  /** Where a page change goes (default: load it). A list whose filters live in the URL pushes them there. */
  go?: () => void
}

/**
 * The state and pager handlers of a paginated list: items, total and loading from `fetch`; another page shows that
 * page; another page size or a new search starts from page one. A newer request aborts the one still running, and
 * an older answer never overwrites a newer one.
 */
export function usePagedList<F extends Paging, T>(options: PagedListOptions<F, T>) {
  const filters = reactive(options.filters) as F
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  let controller: AbortController | null = null
  const go = options.go ?? (() => void load())

  async function load() {
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    try {
      const page = await options.fetch(filters, current.signal)
      if (controller !== current) return
      items.value = page.items
      total.value = page.total
    } catch (error) {
      reportError(error)
    } finally {
      if (controller === current) loading.value = false
    }
  }

  /** Any change of filters starts from page one. */
  function search() {
    filters.page = 1
    go()
  }

  function onPage(page: number) {
    filters.page = page
    go()
  }

  function onPageSize(size: number) {
    filters.page_size = size
    search()
  }

  return { filters, items, total, loading, load, search, onPage, onPageSize }
}
