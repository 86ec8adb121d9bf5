import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { InboxItem } from '@/api/notification'
import { useNotificationsStore } from '@/stores/notifications'
import InboxView from '@/views/notification/InboxView.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
type Call = [string, RequestInit]

const item = (over: Partial<InboxItem>): InboxItem => ({
  id: 'n1', rule_key: 'campaign.phase', subject: 'campaign:c1', stage: 'phase_end_2d', title: 'Survey ends in 2 days',
  body: 'Two facilities not inspected', link: '/campaigns/c1', major: false, created_at: '2026-03-01T00:00:00Z', read_at: null, ...over,
})

function serve() {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === '/api/notification/inbox/unread-count') return reply({ unread: 1 })
    if (url.startsWith('/api/notification/inbox?'))
      return reply({ items: [item({}), item({ id: 'n2', read_at: '2026-03-01T01:00:00Z', link: null })], total: 45, page: 1, page_size: 20 })
    if (url === '/api/notification/inbox/n1/read' && init.method === 'POST') return reply(item({ read_at: '2026-03-02T00:00:00Z' }))
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt(query = '') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/notification/inbox', name: 'inbox', component: InboxView },
      { path: '/campaigns/:id', name: 'campaign-detail', component: { template: '<div />' } },
    ],
  })
  await router.push(`/notification/inbox${query}`)
  i18n.global.locale.value = 'en'
  const wrapper = mount(InboxView, { global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const inboxCalls = (fetchMock: ReturnType<typeof serve>) =>
  (fetchMock.mock.calls as unknown as Call[]).map(([url]) => url).filter((url) => url.startsWith('/api/notification/inbox?'))

describe('InboxView', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks for unread items and the page the URL names', async () => {
    const fetchMock = serve()
    await mountIt('?unread=1&page=2')
    expect(inboxCalls(fetchMock)).toEqual(['/api/notification/inbox?unread=true&page=2&page_size=20'])
  })

  it('switches to unread only from page one', async () => {
    const fetchMock = serve()
    const { wrapper, router } = await mountIt('?page=2')
    await wrapper.get('[data-testid=inbox-filter-unread] input').setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ unread: '1' })
    expect(inboxCalls(fetchMock).at(-1)).toBe('/api/notification/inbox?unread=true&page=1&page_size=20')
  })

  it('marks an item read, lowers the badge and follows its link', async () => {
    serve()
    const { wrapper, router } = await mountIt()
    const store = useNotificationsStore()
    expect(store.unread).toBe(1)
    expect(wrapper.findAll('[data-testid=inbox-mark-read]')).toHaveLength(1)
    await wrapper.get('[data-testid=inbox-item-link]').trigger('click')
    await flushPromises()
    expect(store.unread).toBe(0)
    expect(wrapper.get('[data-testid=inbox-item][data-id=n1]').attributes('data-unread')).toBe('false')
    expect(router.currentRoute.value.fullPath).toBe('/campaigns/c1')
  })
})
