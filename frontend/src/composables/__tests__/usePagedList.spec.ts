import { describe, expect, it } from 'vitest'
import type { Page } from '@/api/types'
import { usePagedList } from '../usePagedList'

type Filters = { q: string; page: number; page_size: number }

/** A server whose answers arrive when the test says so, recording every request's filters. */
function server() {
  const calls: { filters: Filters; resolve: (page: Page<string>) => void }[] = []
  const fetch = (filters: Filters) =>
    new Promise<Page<string>>((resolve) => calls.push({ filters: { ...filters }, resolve }))
  const answer = (index: number, items: string[], total = items.length) =>
    calls[index]!.resolve({ items, total, page: calls[index]!.filters.page, page_size: calls[index]!.filters.page_size })
  return { calls, fetch, answer }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('usePagedList', () => {
  it('loads the page asked for, and starts from page one on another page size or a search', async () => {
    const { calls, fetch, answer } = server()
    const list = usePagedList({ filters: { q: '', page: 1, page_size: 20 }, fetch })
    void list.load()
    answer(0, ['a', 'b'], 45)
    await flush()
    expect(list.items.value).toEqual(['a', 'b'])
    expect(list.total.value).toBe(45)
    expect(list.loading.value).toBe(false)

    list.onPage(3)
    expect(calls[1]!.filters).toMatchObject({ page: 3, page_size: 20 })
    list.onPageSize(50)
    expect(calls[2]!.filters).toMatchObject({ page: 1, page_size: 50 })
    list.filters.page = 2
    list.filters.q = 'x'
    list.search()
    expect(calls[3]!.filters).toMatchObject({ q: 'x', page: 1 })
  })

  it('never lets an older answer overwrite a newer one', async () => {
    const { fetch, answer } = server()
    const list = usePagedList({ filters: { q: '', page: 1, page_size: 20 }, fetch })
    void list.load()
    list.onPage(2)
    answer(1, ['newer'])
    await flush()
    answer(0, ['older'])
    await flush()
    expect(list.items.value).toEqual(['newer'])
    expect(list.loading.value).toBe(false)
  })

  it('sends a page change where the list says (e.g. to the URL) instead of loading it', () => {
    const { calls, fetch } = server()
    const went: number[] = []
    const filters = { q: '', page: 1, page_size: 20 }
    const list = usePagedList({ filters, fetch, go: (): void => void went.push(list.filters.page) })
    list.onPage(4)
    list.onPageSize(10)
    expect(went).toEqual([4, 1])
    expect(calls).toHaveLength(0)
  })
})
