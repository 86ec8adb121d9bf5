import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Delivery, DeliveryDetail } from '@/api/notification'
import DeliveryLogView from '@/views/notification/DeliveryLogView.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
type Call = [string, RequestInit]

function delivery(over: Partial<Delivery>): Delivery {
  return {
    id: 'd1', rule_key: 'hazard.deadline', subject: 'hazard:h1@2026-03-01', stage: 'overdue_3wd', recipient: 'account:7',
    recipient_name: 'Wang', channel: 'sms', address: '13800000000', major: false, area_code: '999001001', title: 'Exit blocked: 3 days overdue',
    status: 'failed', attempts: 12, next_attempt_at: '2026-03-04T00:00:00Z', last_error: 'provider 503', created_at: '2026-03-04T00:00:00Z',
    sent_at: null, ...over,
  }
}

const rows = [
  delivery({}),
  delivery({ id: 'd2', status: 'undeliverable', address: null, last_error: 'no phone' }),
  delivery({ id: 'd3', status: 'sent', last_error: null }),
]
const detailOf = (row: Delivery, over: Partial<DeliveryDetail> = {}): DeliveryDetail => ({
  ...row, body: 'Please act', link: '/hazards/h1',
  history: [{ at: '2026-03-04T00:00:00Z', outcome: 'failed', detail: 'provider 503' }], ...over,
})

function serve() {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url.startsWith('/api/notification/deliveries?') || url === '/api/notification/deliveries')
      return reply({ items: rows, total: rows.length, page: 1, page_size: 20 })
    if (url === '/api/notification/deliveries/d1/retry' && init.method === 'POST')
      return reply(detailOf(rows[0]!, { status: 'pending', history: [{ at: '2026-03-05T00:00:00Z', outcome: 'requeued', detail: 'retry requested by admin' }] }))
    if (url === '/api/notification/deliveries/d2/retry' && init.method === 'POST')
      return reply({ status: 409, title: 'Conflict', code: 'delivery_no_address', detail: 'The recipient has no address on this channel; fix the contact first.' }, 409)
    const one = /^\/api\/notification\/deliveries\/(d\d)$/.exec(url)
    if (one) return reply(detailOf(rows.find((r) => r.id === one[1])!))
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt(query = '') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/notification/deliveries', name: 'deliveries', component: DeliveryLogView },
      { path: '/hazards/:id', name: 'hazard-detail', component: { template: '<div />' } },
    ],
  })
  await router.push(`/notification/deliveries${query}`)
  i18n.global.locale.value = 'en'
  const wrapper = mount(DeliveryLogView, { global: { plugins: [ElementPlus, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const statusOf = (wrapper: Awaited<ReturnType<typeof mountIt>>['wrapper'], id: string) =>
  wrapper.findAll('[data-testid=delivery-status]').map((tag) => tag.attributes('data-status'))[rows.findIndex((r) => r.id === id)]

describe('DeliveryLogView', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks the server with the filters of the URL', async () => {
    const fetchMock = serve()
    await mountIt('?status=failed&channel=sms&rule_key=hazard.deadline&recipient=Wang&bogus=1')
    const [url] = (fetchMock.mock.calls as unknown as Call[])[0]!
    expect(url).toBe('/api/notification/deliveries?status=failed&channel=sms&rule_key=hazard.deadline&recipient=Wang&page=1&page_size=20')
  })

  it('offers retry on failed and undeliverable rows only', async () => {
    serve()
    const { wrapper } = await mountIt()
    expect(wrapper.findAll('[data-testid=delivery-retry]').map((b) => b.attributes('data-id'))).toEqual(['d1', 'd2'])
  })

  it('retries a failed delivery and shows it pending', async () => {
    const fetchMock = serve()
    const { wrapper } = await mountIt()
    await wrapper.get('[data-testid=delivery-retry][data-id=d1]').trigger('click')
    await flushPromises()
    expect((fetchMock.mock.calls as unknown as Call[]).some(([url, init]) => url.endsWith('/d1/retry') && init.method === 'POST')).toBe(true)
    expect(statusOf(wrapper, 'd1')).toBe('pending')
    expect(wrapper.findAll('[data-testid=delivery-retry]').map((b) => b.attributes('data-id'))).toEqual(['d2'])
  })

  it('says clearly why a retry was refused (409)', async () => {
    serve()
    const { wrapper } = await mountIt()
    await wrapper.get('[data-testid=delivery-retry][data-id=d2]').trigger('click')
    await flushPromises()
    const banner = wrapper.get('[data-testid=delivery-refusal]')
    expect(banner.text()).toContain('no address on this channel; complete the contact first')
    expect(statusOf(wrapper, 'd2')).toBe('undeliverable')
  })

  it('opens the detail with its attempts and retries from there', async () => {
    serve()
    const { wrapper } = await mountIt()
    await wrapper.get('[data-testid=delivery-open][data-id=d1]').trigger('click')
    await flushPromises()
    const drawer = document.querySelector('[data-testid=delivery-drawer]') ?? document.body
    expect(drawer.querySelectorAll('[data-testid=delivery-attempt]')).toHaveLength(1)
    expect(drawer.querySelector('[data-testid=delivery-attempt]')!.getAttribute('data-outcome')).toBe('failed')
    ;(document.querySelector('[data-testid=delivery-detail-retry]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid=delivery-detail-status]')!.getAttribute('data-status')).toBe('pending')
    expect(document.querySelector('[data-testid=delivery-attempt]')!.getAttribute('data-outcome')).toBe('requeued')
  })
})
