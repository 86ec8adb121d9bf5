import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import TipQueueView from '../TipQueueView.vue'
import { reply, setUp, tip, type Call } from './fixtures'

const rows = [
  tip({ id: 't1', possible_duplicate_of: 't0' }),
  tip({ id: 't2', number: 'JB-2026-000002', status: 'assigned', assigned_department: 'fire', possible_duplicate_of: 't0' }),
  tip({ id: 't3', number: 'JB-2026-000003', facility_id: null, facility_name: null, location: 'No. 5 Side Street', has_contact: false }),
]

async function mountIt(query = '') {
  const fetchMock = vi.fn(async () => reply({ items: rows, total: 41, page: 1, page_size: 20 }))
  vi.stubGlobal('fetch', fetchMock)
  const { pinia, router } = setUp('civil_affairs', 'staff', 'civil_affairs', [{ path: '/tips', name: 'tips', component: TipQueueView }])
  await router.push(`/tips${query}`)
  const wrapper = mount(TipQueueView, { global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, fetchMock, router }
}

describe('TipQueueView', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks the server with the filters of the URL, dropping unknown values', async () => {
    const { fetchMock } = await mountIt('?status=received&category=fire&department=nope&q=exit&page=2')
    expect((fetchMock.mock.calls as unknown as Call[])[0]![0]).toBe('/api/inspection/tips?status=received&category=fire&q=exit&page=2&page_size=20')
  })

  it('shows the duplicate hint only on tips still waiting for triage', async () => {
    const { wrapper } = await mountIt()
    const rowsEls = wrapper.findAll('[data-testid=tip-row]')
    expect(rowsEls).toHaveLength(3)
    expect(rowsEls.map((row) => row.find('[data-testid=tip-duplicate-hint]').exists())).toEqual([true, false, false])
    expect(rowsEls[2]!.text()).toContain('No. 5 Side Street')
    expect(wrapper.findAll('[data-testid=tip-status-tag]').map((tag) => tag.attributes('data-status'))).toEqual(['received', 'assigned', 'received'])
  })

  it('puts a new filter into the URL and starts from page one', async () => {
    const { wrapper, router, fetchMock } = await mountIt('?page=3')
    await wrapper.get('input[data-testid=tip-search]').setValue('lock')
    await wrapper.get('[data-testid=tip-search-button]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'lock' })
    expect((fetchMock.mock.calls as unknown as Call[]).at(-1)![0]).toBe('/api/inspection/tips?q=lock&page=1&page_size=20')
  })
})
