import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { InboxItem } from '@/api/notification'
import NotificationBell from '../NotificationBell.vue'
import { POLL_MS, spaLink } from '../inbox'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

type Call = [string, RequestInit]

function item(over: Partial<InboxItem> = {}): InboxItem {
  return {
    id: 'n1', rule_key: 'hazard.deadline', subject: 'hazard:h1@2026-03-01', stage: 'remind_1d',
    title: 'Exit blocked: due tomorrow', body: 'Sunny Home', link: '/hazards/h1', major: false,
    created_at: '2026-02-28T01:00:00Z', read_at: null, ...over,
  }
}

let unread = 3
let hidden = false

function serve(items: InboxItem[]) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === '/api/notification/inbox/unread-count') return reply({ unread })
    if (url.startsWith('/api/notification/inbox?')) return reply({ items, total: items.length, page: 1, page_size: 8 })
    if (url === '/api/notification/inbox/read-all' && init.method === 'POST') {
      const marked = unread
      unread = 0
      return reply({ marked })
    }
    const read = /^\/api\/notification\/inbox\/([^/]+)\/read$/.exec(url)
    if (read && init.method === 'POST') {
      unread -= 1
      return reply({ ...items.find((i) => i.id === read[1])!, read_at: '2026-03-01T00:00:00Z' })
    }
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

const countCalls = (fetchMock: ReturnType<typeof serve>) =>
  (fetchMock.mock.calls as unknown as Call[]).filter(([url]) => url.endsWith('/unread-count')).length

async function mountBell() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: { template: '<div />' } },
      { path: '/hazards/:id', name: 'hazard-detail', component: { template: '<div />' } },
      { path: '/notification/inbox', name: 'inbox', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  i18n.global.locale.value = 'en'
  const wrapper = mount(NotificationBell, { global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function openPanel(wrapper: Awaited<ReturnType<typeof mountBell>>['wrapper']) {
  await wrapper.get('[data-testid=notification-bell]').trigger('click')
  // The popover opens after its (zero) show delay and renders its content then.
  await new Promise((resolve) => setTimeout(resolve, 50))
  await flushPromises()
}

describe('NotificationBell', () => {
  enableAutoUnmount(afterEach)
  beforeEach(() => {
    unread = 3
    hidden = false
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the unread count on the badge, and no badge at zero', async () => {
    serve([])
    const { wrapper } = await mountBell()
    expect(wrapper.get('[data-testid=bell-badge]').attributes('data-count')).toBe('3')
    expect(wrapper.get('.el-badge__content').text()).toBe('3')
    wrapper.unmount()
    unread = 0
    const again = await mountBell()
    expect(again.wrapper.find('.el-badge__content').exists()).toBe(false)
  })

  it('polls every 30 s while visible, stops while hidden and asks again when the tab comes back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    const fetchMock = serve([])
    const { wrapper } = await mountBell()
    expect(countCalls(fetchMock)).toBe(1)
    unread = 5
    vi.advanceTimersByTime(POLL_MS)
    await flushPromises()
    expect(countCalls(fetchMock)).toBe(2)
    expect(wrapper.get('[data-testid=bell-badge]').attributes('data-count')).toBe('5')

    hidden = true
    document.dispatchEvent(new Event('visibilitychange'))
    vi.advanceTimersByTime(POLL_MS * 3)
    await flushPromises()
    expect(countCalls(fetchMock)).toBe(2)

    hidden = false
    document.dispatchEvent(new Event('visibilitychange'))
    await flushPromises()
    expect(countCalls(fetchMock)).toBe(3)
    vi.advanceTimersByTime(POLL_MS)
    await flushPromises()
    expect(countCalls(fetchMock)).toBe(4)

    vi.advanceTimersByTime(5000)
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(countCalls(fetchMock)).toBe(5)
  })

  it('lists the latest items with an unread dot; a click marks it read and goes to its link', async () => {
    const fetchMock = serve([item(), item({ id: 'n2', title: 'Older', read_at: '2026-02-27T00:00:00Z', link: null })])
    const { wrapper, router } = await mountBell()
    await openPanel(wrapper)
    const rows = wrapper.findAll('[data-testid=bell-item]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('Exit blocked: due tomorrow')
    expect(rows[0]!.attributes('data-unread')).toBe('true')
    expect(rows[0]!.get('[data-testid=bell-unread-dot]').classes()).toContain('on')
    expect(rows[1]!.get('[data-testid=bell-unread-dot]').classes()).not.toContain('on')

    await rows[0]!.trigger('click')
    await flushPromises()
    const posts = (fetchMock.mock.calls as unknown as Call[]).filter(([, init]) => init.method === 'POST')
    expect(posts.map(([url]) => url)).toEqual(['/api/notification/inbox/n1/read'])
    expect(router.currentRoute.value.fullPath).toBe('/hazards/h1')
    expect(wrapper.get('[data-testid=bell-badge]').attributes('data-count')).toBe('2')
  })

  it('does not mark an item read twice, and stays put when the item has no link', async () => {
    const fetchMock = serve([item({ id: 'n2', read_at: '2026-02-27T00:00:00Z', link: null })])
    const { wrapper, router } = await mountBell()
    await openPanel(wrapper)
    await wrapper.get('[data-testid=bell-item]').trigger('click')
    await flushPromises()
    expect((fetchMock.mock.calls as unknown as Call[]).some(([, init]) => init.method === 'POST')).toBe(false)
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('marks all read and clears the badge; "see all" opens the inbox', async () => {
    const fetchMock = serve([item(), item({ id: 'n2' })])
    const { wrapper, router } = await mountBell()
    await openPanel(wrapper)
    await wrapper.get('[data-testid=bell-read-all]').trigger('click')
    await flushPromises()
    expect((fetchMock.mock.calls as unknown as Call[]).some(([url, init]) => url.endsWith('/read-all') && init.method === 'POST')).toBe(true)
    expect(wrapper.get('[data-testid=bell-badge]').attributes('data-count')).toBe('0')
    expect(wrapper.findAll('[data-testid=bell-item]').every((row) => row.attributes('data-unread') === 'false')).toBe(true)
    await wrapper.get('[data-testid=bell-see-all]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('inbox')
  })

  it('follows only links inside the app', () => {
    expect(spaLink('/hazards/h1')).toBe('/hazards/h1')
    expect(spaLink('/notification/deliveries?channel=webhook')).toBe('/notification/deliveries?channel=webhook')
    expect(spaLink('https://evil.example/')).toBeNull()
    expect(spaLink('//evil.example/')).toBeNull()
    expect(spaLink(null)).toBeNull()
  })
})
