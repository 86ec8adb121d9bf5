import { reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { Page } from '@/api/types'
import { reportError } from '@/utils/notify'

interface RoutedListOptions<F extends { page: number }, T> {
  /** The route this list lives on: the URL query is only read while it is the current route. */
  routeName: string
  fromQuery: (query: LocationQuery) => F
  toRouteQuery: (filters: F) => Record<string, string>
  fetch: (filters: F, signal: AbortSignal) => Promise<Page<T>>
}

/**
 * A paginated list whose filters live in the URL, so that "back" from a detail page restores them.
 * A newer request aborts the one still running, so a slow answer never overwrites a newer one.
 */
export function useRoutedList<F extends { page: number }, T>(options: RoutedListOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(options.fromQuery(route.query)) as F
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  let controller: AbortController | null = null

  async function load() {
    controller?.abort()
    const current = new AbortController()
    controller = current
    loading.value = true
    try {
      const page = await options.fetch(filters, current.signal)
      items.value = page.items
      total.value = page.total
    } catch (error) {
      reportError(error)
    } finally {
      if (controller === current) loading.value = false
    }
  }

  function pushQuery() {
    const next = options.toRouteQuery(filters)
    // Same URL (e.g. "search" pressed twice): the route watcher will not fire, so reload here.
    if (JSON.stringify(next) === JSON.stringify(options.toRouteQuery(options.fromQuery(route.query)))) {
      void load()
      return
    }
    void router.replace({ query: next })
  }

  /** Any change of filters starts from page one. */
  function search() {
    filters.page = 1
    pushQuery()
  }

  function resetFilters() {
    Object.assign(filters, options.fromQuery({}))
    pushQuery()
  }

  watch(
    () => route.query,
    (query) => {
      if (route.name !== options.routeName) return
      Object.assign(filters, options.fromQuery(query))
      void load()
    },
  )

  return { filters, items, total, loading, load, pushQuery, search, resetFilters }
}
