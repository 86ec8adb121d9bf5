import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import FacilityDetailView from '../FacilityDetailView.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

const FACILITY = {
  id: 'f1', name: '松鹤颐养院', uscc: '52999001MA0000001A', ownership: 'private', address: '示范路10号',
  subdistrict_code: '999001001', community_code: '999001001001', area_code: '999001001001', legal_representative: '王',
  legal_representative_phone: '13900001000', manager: '黄', manager_phone: '13700002000', licensed_beds: 100,
  residents_count: 0, status: 'suspended', latitude: null, longitude: null, building: null, readiness: null,
  created_at: '2026-03-01T01:00:00Z', updated_at: '2026-03-01T01:00:00Z', version: 1,
}
const HISTORY = [
  { from_status: null, to_status: 'operating', reason: 'registered', changed_by: 'seed', changed_by_name: '系统',
    changed_at: '2026-03-01T01:00:00Z' },
  { from_status: 'operating', to_status: 'suspended', reason: '依一院一策停业整顿', changed_by: 'a', changed_by_name: '民政',
    changed_at: '2026-03-10T01:00:00Z' },
]

describe('the facility status history (issue 11)', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => vi.unstubAllGlobals())

  it('shows status names and the registry own reasons in words, not codes such as registered', async () => {
    i18n.global.locale.value = 'zh-CN'
    vi.stubGlobal('fetch', vi.fn(async (url: string) => {
      if (url.endsWith('/status-history')) return reply(HISTORY)
      if (url.includes('/residents')) return reply({ items: [], total: 0, page: 1, page_size: 20 })
      if (url === '/api/registry/facilities/f1') return reply(FACILITY)
      return reply({ status: 404, title: 'Not Found', code: 'not_found' }, 404)
    }))
    setActivePinia(createPinia())
    const wrapper = mount(FacilityDetailView, {
      props: { id: 'f1' },
      global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
    })
    await flushPromises()
    const history = wrapper.get('[data-testid=facility-status-history]').text()
    expect(history).toContain('新登记入库')
    expect(history).toContain('正常运营 → 停业整顿')
    expect(history).not.toMatch(/registered|operating|suspended/)
  })
})
