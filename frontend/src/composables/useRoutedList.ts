import { watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { Page } from '@/api/types'
import { usePagedList, type Paging } from './usePagedList'

interface RoutedListOptions<F extends Paging, T> {
  /** The route this list lives on: the URL query is only read while it is the current route. */
  routeName: string
  fromQuery: (query: LocationQuery) => F
  toRouteQuery: (filters: F) => Record<string, string>
  fetch: (filters: F, signal: AbortSignal) => Promise<Page<T>>
}

/**
 * A paginated list whose filters live in the URL, so that "back" from a detail page restores them: a search, a
 * page or a page size goes to the URL, and the route's change loads the list (see `usePagedList`).
 */
export function useRoutedList<F extends Paging, T>(options: RoutedListOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()
  const list = usePagedList<F, T>({ filters: options.fromQuery(route.query), fetch: options.fetch, go: pushQuery })
  const { filters, load } = list

  function pushQuery() {
    const next = options.toRouteQuery(filters)
    // Same URL (e.g. "search" pressed twice): the route watcher will not fire, so reload here.
    if (JSON.stringify(next) === JSON.stringify(options.toRouteQuery(options.fromQuery(route.query)))) {
      void load()
      return
    }
    void router.replace({ query: next })
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

  return { ...list, pushQuery, resetFilters }
}
