import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import CalendarTab from '../CalendarTab.vue'
import { chinaYear } from '@/composables/useBusinessClock'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

const known = (year: number, source: string) => ({
  year, known: source !== 'unknown', source, package_knows: source === 'chinesecalendar', holidays: source === 'entered' ? 14 : null,
  workdays: source === 'entered' ? 2 : null, updated_by_name: source === 'entered' ? '管理员' : null, updated_at: null,
})

function serve(knows: boolean, put?: (url: string, init: RequestInit) => Response) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit = {}) => {
    const year = chinaYear()
    if (init.method === 'PUT' && put) return put(url, init)
    if (url === '/api/notification/calendar/years')
      return reply({ items: [known(year - 1, 'chinesecalendar'), known(year, knows ? 'chinesecalendar' : 'unknown'), known(year + 1, 'unknown')],
                     package_years: [2004, 2025], missing: knows ? [year + 1] : [year, year + 1] })
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
    const year = chinaYear()
    expect(urls).toContain(`/api/notification/calendar?year=${year}`)
    expect(urls).toContain(`/api/notification/calendar/${year}/status`)
  })

  it('shows which years are known and asks for the missing ones (issue 11)', async () => {
    serve(true)
    const wrapper = await mountIt()
    const year = chinaYear()
    const tags = wrapper.findAll('[data-testid=calendar-year-tag]').map((tag) => [tag.attributes('data-year'), tag.attributes('data-source')])
    expect(tags).toEqual([[`${year - 1}`, 'chinesecalendar'], [`${year}`, 'chinesecalendar'], [`${year + 1}`, 'unknown']])
    expect(wrapper.get('[data-testid=calendar-missing]').text()).toContain(`holiday arrangement of ${year + 1} is not entered`)
  })

  it('enters a whole year at once: problems by line in the UI language, then one PUT of the text', async () => {
    const year = chinaYear() + 1
    const sent: { url: string; body: unknown }[] = []
    serve(true, (url, init) => {
      sent.push({ url, body: JSON.parse(String(init.body)) })
      return reply(known(year, 'entered'))
    })
    const wrapper = await mountIt()
    await wrapper.get(`[data-testid=calendar-enter-${year}]`).trigger('click')
    await flushPromises()
    const textarea = document.querySelector<HTMLTextAreaElement>('textarea[data-testid=calendar-year-text]')!
    textarea.value = `${year}-01-01 holiday 元旦\n${year}-02-30 holiday\n${year}-02-06..${year}-02-12 休 春节`
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    const problems = document.querySelector('[data-testid=calendar-year-problems]')!
    expect(problems.textContent).toContain('Line 2: not a date (YYYY-MM-DD)')
    const save = document.querySelector<HTMLButtonElement>('[data-testid=calendar-year-save]')!
    expect(save.disabled).toBe(true)
    const arrangement = `${year}-01-01 holiday 元旦\n${year}-02-06..${year}-02-12 休 春节\n${year}-02-14 班 调休`
    textarea.value = arrangement
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(document.querySelector('[data-testid=calendar-year-preview]')!.textContent).toContain('3 entries: 8 holidays, 1 make-up workdays')
    save.click()
    await flushPromises()
    expect(sent).toEqual([{ url: `/api/notification/calendar/years/${year}`, body: { text: arrangement } }])
    // the dialog closes and the tab shows the entered year
    expect(document.querySelector('[data-testid=calendar-year-text]')?.closest('.el-overlay')?.getAttribute('style') ?? 'display: none').toContain('display: none')
  })

  it('names the line the server refused', async () => {
    const year = chinaYear() + 1
    serve(true, () => reply({ type: 'about:blank', title: 'Unprocessable', status: 422, code: 'calendar_year_invalid',
                              errors: [{ field: 'body.text', row: 2, reason: 'line 2: lies outside' }] }, 422))
    const wrapper = await mountIt()
    await wrapper.get('[data-testid=calendar-bulk]').trigger('click')
    await flushPromises()
    const textarea = document.querySelector<HTMLTextAreaElement>('textarea[data-testid=calendar-year-text]')!
    textarea.value = `${year - 1}-01-01 holiday\n${year - 1}-05-01 holiday`
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-testid=calendar-year-save]')!.click()
    await flushPromises()
    const problem = document.querySelector('[data-testid=calendar-year-problems] li[data-row="2"]')!
    expect(problem.textContent).toContain('Line 2: refused by the server')
    expect(problem.textContent).toContain(`${year - 1}-05-01 holiday`)
  })
})
