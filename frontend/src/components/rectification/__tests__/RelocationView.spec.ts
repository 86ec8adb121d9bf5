import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Position, Role } from '@/api/types'
import type { RelocationProgress, RelocationResident } from '@/api/planTypes'
import { useAuthStore } from '@/stores/auth'
import RelocationView from '@/views/rectification/RelocationView.vue'

const FID = '11111111-1111-1111-1111-111111111111'
const settle = (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms))

const resident = (id: string, active: boolean): RelocationResident => ({
  resident_id: id, name: `R-${id}`, id_number: '230404********1234', care_level: 'dependent', active,
  relocation: active ? null : { destination_kind: 'family', receiving_facility_id: null, receiving_facility_name: null,
    destination: 'daughter', moved_on: '2026-11-20', confirmed_by_name: 'Zhang' },
})

function progress(over: Partial<RelocationProgress> = {}): RelocationProgress {
  return {
    facility_id: FID, facility_name: 'Sunny Home', status: 'operating', plan_state: 'approved', decision: 'suspend',
    total: 3, relocated: 2, remaining: 1, completed: false, completed_at: null,
    residents: [resident('r1', true), resident('r2', false), resident('r3', false)], ...over,
  }
}

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

type Call = [string, RequestInit]

async function mountAs(role: Role, position: Position, answers: RelocationProgress[], relocate = () => reply({ id: 'r1' })) {
  const queue = [...answers]
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === `/api/rectification/facilities/${FID}/relocation`) return reply(queue.length > 1 ? queue.shift() : queue[0])
    if (url.startsWith(`/api/rectification/facilities/${FID}/relocation/suggestions`))
      return reply({ facility_id: FID, items: [{ facility_id: 'f9', name: 'Dawn Care', area_code: '999001001001', free_beds: 4, classification: 'pass', distance_km: 1.25 }] })
    if (url.endsWith('/relocate') && init.method === 'POST') return relocate()
    return reply([])
  })
  vi.stubGlobal('fetch', fetchMock)
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().account = {
    id: 'a', username: 'u', name: 'Zhang', role, position, department: null, area: '999001', facility: null,
    phone: null, email: null, disabled: false, created_at: '', last_login_at: null,
  }
  const stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/facilities/:id', name: 'facility-detail', component: stub },
      { path: '/facilities/:facilityId/plan', name: 'facility-plan', component: stub },
    ],
  })
  i18n.global.locale.value = 'en'
  const wrapper = mount(RelocationView, { props: { facilityId: FID }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, fetchMock }
}

describe('RelocationView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the relocated share and offers relocation for residents still here', async () => {
    const { wrapper } = await mountAs('civil_affairs', 'staff', [progress()])
    expect(wrapper.get('[data-testid=relocation-progress]').attributes('data-percent')).toBe('67')
    expect(wrapper.get('[data-testid=relocation-counts]').text()).toBe('2 / 3 relocated')
    expect(wrapper.findAll('[data-testid=relocate-button]').map((b) => b.attributes('data-resident-id'))).toEqual(['r1'])
    expect(wrapper.find('[data-testid=relocation-complete]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=relocation-complete-hint]').exists()).toBe(true)
  })

  it('offers completing the suspension once nobody is left under an approved plan', async () => {
    const done = progress({ relocated: 3, remaining: 0, completed: true, residents: [resident('r2', false)] })
    const { wrapper } = await mountAs('task_force', 'deputy', [done])
    expect(wrapper.get('[data-testid=relocation-progress]').attributes('data-percent')).toBe('100')
    expect(wrapper.get('[data-testid=relocation-complete]').text()).toBe('Complete suspension')
    expect(wrapper.find('[data-testid=relocate-button]').exists()).toBe(false)
    const draft = await mountAs('task_force', 'deputy', [{ ...done, plan_state: 'draft' }])
    expect(draft.wrapper.find('[data-testid=relocation-complete]').exists()).toBe(false)
  })

  it('keeps the buttons from readers', async () => {
    const { wrapper } = await mountAs('fire', 'head', [progress({ relocated: 3, remaining: 0 })])
    expect(wrapper.find('[data-testid=relocate-button]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=relocation-complete]').exists()).toBe(false)
  })

  it('sends the relocation to the registry, then shows "updating" until the event has landed', async () => {
    const after = progress({ relocated: 3, remaining: 0, residents: [resident('r1', false), resident('r2', false), resident('r3', false)] })
    const { wrapper, fetchMock } = await mountAs('civil_affairs', 'staff', [progress(), progress(), after])
    await wrapper.get('[data-testid=relocate-button]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=relocate-suggestion]').trigger('click')
    expect(wrapper.get('[data-testid=relocate-suggestion]').text()).toContain('4 free beds')
    expect(wrapper.get('[data-testid=relocate-suggestion]').text()).toContain('1.3 km')
    await wrapper.get('[data-testid=relocate-submit]').trigger('click')
    await flushPromises()
    const post = (fetchMock.mock.calls as unknown as Call[]).find(([, init]) => init.method === 'POST')!
    expect(post[0]).toBe(`/api/registry/facilities/${FID}/residents/r1/relocate`)
    expect(JSON.parse(post[1].body as string)).toMatchObject({ destination_kind: 'facility', receiving_facility_id: 'f9', confirmed_by_name: 'Zhang' })
    expect(wrapper.find('[data-testid=relocation-updating]').exists()).toBe(true)
    await settle(2300)
    await flushPromises()
    expect(wrapper.find('[data-testid=relocation-updating]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=relocation-stale]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=relocation-progress]').attributes('data-percent')).toBe('100')
  }, 10_000)

  it('shows a full receiving facility clearly under the field', async () => {
    const refuse = () => reply({ status: 409, title: 'Conflict', code: 'no_free_beds', detail: 'no bed' }, 409)
    const { wrapper } = await mountAs('civil_affairs', 'staff', [progress()], refuse)
    await wrapper.get('[data-testid=relocate-button]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=relocate-suggestion]').trigger('click')
    await wrapper.get('[data-testid=relocate-submit]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-testid=relocate-item-receiving_facility_id]').text()).toContain('no free bed left')
    expect(wrapper.find('[data-testid=relocation-updating]').exists()).toBe(false)
  })
})
