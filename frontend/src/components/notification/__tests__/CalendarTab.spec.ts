import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import CalendarTab from '../CalendarTab.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

function serve(knows: boolean) {
  const fetchMock = vi.fn(async (url: string) => {
    const year = new Date().getFullYear()
    if (url.startsWith('/api/notification/calendar?year='))
      return reply({ items: [{ day: `${year}-10-08`, kind: 'workday', note: 'make-up', updated_by: 'a', updated_by_name: '管理员', updated_at: '2026-01-01T00:00:00Z' }], total: 1 })
    if (/\/api\/notification\/calendar\/\d{4}\/status$/.test(url))
      return reply({ year, package_knows: knows, package_years: [2004, 2025], overrides: 1, fallback: knows ? 'chinesecalendar' : 'weekdays' })
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt() {
  i18n.global.locale.value = 'en'
  const wrapper = mount(CalendarTab, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('CalendarTab', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('warns when the holiday package does not know the year', async () => {
    serve(false)
    const wrapper = await mountIt()
    const warning = wrapper.get('[data-testid=calendar-unknown-year]')
    expect(warning.text()).toContain('only knows 2004–2025')
    expect(warning.text()).toContain(`Monday to Friday`)
    expect(wrapper.find('[data-testid=calendar-known-year]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=calendar-table]').text()).toContain('make-up')
  })

  it('shows no warning for a year the package knows', async () => {
    serve(true)
    const wrapper = await mountIt()
    expect(wrapper.find('[data-testid=calendar-unknown-year]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=calendar-known-year]').text()).toContain('1 days entered here')
  })

  it('asks for the status of the year it shows', async () => {
    const fetchMock = serve(true)
    await mountIt()
    const urls = (fetchMock.mock.calls as unknown as [string][]).map(([url]) => url)
    const year = new Date().getFullYear()
    expect(urls).toContain(`/api/notification/calendar?year=${year}`)
    expect(urls).toContain(`/api/notification/calendar/${year}/status`)
  })
})
