import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import QuietHoursTab from '../QuietHoursTab.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
type Call = [string, RequestInit]
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))

function serve(settings: Record<string, string>, put: () => Response) {
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
    init.method === 'PUT' ? put() : reply({ ...settings, updated_by: null, updated_by_name: null, updated_at: '2026-03-01T00:00:00Z' }),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt() {
  i18n.global.locale.value = 'en'
  const wrapper = mount(QuietHoursTab, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('QuietHoursTab', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the stored times, any minute included', async () => {
    serve({ quiet_start: '22:15', quiet_end: '07:00', digest_time: '08:30' }, () => reply({}))
    const wrapper = await mountIt()
    expect((wrapper.get('[data-testid=quiet-field-quiet_start] input').element as HTMLInputElement).value).toBe('22:15')
    expect((wrapper.get('[data-testid=quiet-field-digest_time] input').element as HTMLInputElement).value).toBe('08:30')
  })

  it('refuses quiet hours that never end without asking the server', async () => {
    const fetchMock = serve({ quiet_start: '07:00', quiet_end: '07:00', digest_time: '08:00' }, () => reply({}))
    const wrapper = await mountIt()
    await wrapper.get('[data-testid=quiet-save]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-testid=quiet-item-quiet_end]').text()).toContain('would never end')
    expect((fetchMock.mock.calls as unknown as Call[]).some(([, init]) => init.method === 'PUT')).toBe(false)
  })

  it('sends the times and shows a server error under its field', async () => {
    const fetchMock = serve({ quiet_start: '22:00', quiet_end: '07:00', digest_time: '08:00' }, () =>
      reply({ status: 422, title: 'Unprocessable', errors: [{ field: 'body.digest_time', reason: 'must be a time of day HH:MM' }] }, 422),
    )
    const wrapper = await mountIt()
    await wrapper.get('[data-testid=quiet-save]').trigger('click')
    await flushPromises()
    await settle()
    const put = (fetchMock.mock.calls as unknown as Call[]).find(([, init]) => init.method === 'PUT')!
    expect(put[0]).toBe('/api/notification/settings')
    expect(JSON.parse(put[1].body as string)).toEqual({ quiet_start: '22:00', quiet_end: '07:00', digest_time: '08:00' })
    expect(wrapper.get('[data-testid=quiet-item-digest_time]').text()).toContain('HH:MM')
  })
})
