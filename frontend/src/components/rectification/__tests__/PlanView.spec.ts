import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Position, Role } from '@/api/types'
import type { Plan } from '@/api/planTypes'
import { useAuthStore } from '@/stores/auth'
import PlanView from '@/views/rectification/PlanView.vue'

const FID = '11111111-1111-1111-1111-111111111111'

function plan(over: Partial<Plan> = {}): Plan {
  return {
    id: 'p1', campaign_id: null, facility_id: FID, facility_name: 'Sunny Home', area_code: '999001001001',
    decision: 'suspend', measures: 'clear the exits',
    milestones: [{ title: 'Exits', owner: 'Li', due_date: '2026-01-01', done: false, done_at: null }],
    relocation_plan: 'nearest', cooperation: 'cooperative', support_measures: 'repairs loan', enforcement_measures: null,
    state: 'draft', approved_by_name: null, approved_at: null, approval_note: null, relocation_completed_at: null,
    created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', version: 2,
    approved_by: null, created_by: null, created_by_name: null, updated_by: null, updated_by_name: null, ...over,
  }
}

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

type Call = [string, RequestInit]

async function mountAs(role: Role, position: Position, answer: Plan) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === `/api/rectification/facilities/${FID}/plan` && init.method === 'GET') return reply(answer)
    if (url.endsWith('/milestones/0/done')) return reply({ ...answer, milestones: [{ ...answer.milestones[0]!, done: true, done_at: '2026-02-01T00:00:00Z' }] })
    return reply({ items: [], total: 0, page: 1, page_size: 100 })
  })
  vi.stubGlobal('fetch', fetchMock)
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().account = {
    id: 'a', username: 'u', name: 'Zhang', role, position, department: null, area: '999001', facility: null,
    phone: null, email: null, disabled: false, created_at: '', last_login_at: null,
  }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/plans', name: 'plans', component: { template: '<div />' } },
      { path: '/facilities/:id', name: 'facility-detail', component: { template: '<div />' } },
      { path: '/facilities/:facilityId/plan', name: 'facility-plan', component: PlanView, props: true },
      { path: '/facilities/:facilityId/relocation', name: 'facility-relocation', component: { template: '<div />' } },
    ],
  })
  i18n.global.locale.value = 'en'
  const wrapper = mount(PlanView, { props: { facilityId: FID }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, fetchMock }
}

describe('PlanView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the approve button to the task force leader', async () => {
    const { wrapper } = await mountAs('task_force', 'leader', plan())
    expect(wrapper.find('[data-testid=plan-approve]').exists()).toBe(true)
  })

  it.each([
    ['task_force', 'deputy'],
    ['civil_affairs', 'head'],
    ['admin', 'staff'],
    ['fire', 'head'],
  ] as const)('hides the approve button from %s %s', async (role, position) => {
    const { wrapper } = await mountAs(role, position, plan())
    expect(wrapper.find('[data-testid=plan-form]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=plan-approve]').exists()).toBe(false)
  })

  it('hides the approve button once the plan is approved', async () => {
    const { wrapper } = await mountAs('task_force', 'leader', plan({ state: 'approved', approved_by_name: 'Leader' }))
    expect(wrapper.find('[data-testid=plan-approved-notice]').exists()).toBe(true)
    expect(wrapper.find('[data-testid=plan-approve]').exists()).toBe(false)
  })

  it('switches the required measures with the cooperation', async () => {
    const { wrapper } = await mountAs('civil_affairs', 'staff', plan())
    const required = (prop: string) => wrapper.get(`[data-testid=plan-item-${prop}]`).attributes('data-required')
    expect(required('support_measures')).toBe('true')
    expect(required('enforcement_measures')).toBe('false')
    await wrapper.get('[data-testid=plan-cooperation-uncooperative] input').setValue(true)
    expect(required('support_measures')).toBe('false')
    expect(required('enforcement_measures')).toBe('true')
  })

  it('keeps an approved plan read-only except the milestone boxes, which save at once', async () => {
    const { wrapper, fetchMock } = await mountAs('civil_affairs', 'staff', plan({ state: 'approved' }))
    expect(wrapper.find('[data-testid=plan-save]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=milestone-add]').exists()).toBe(false)
    expect(wrapper.get('textarea[data-testid=plan-field-measures]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('input[data-testid=milestone-title]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid=milestone-done] input').setValue(true)
    await flushPromises()
    const call = (fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/milestones/0/done'))!
    expect(JSON.parse(call[1].body as string)).toEqual({ done: true })
    expect(wrapper.get('[data-testid=milestone-row]').attributes('data-done')).toBe('true')
  })

  it('lets a reader see the plan without editing it', async () => {
    const { wrapper } = await mountAs('fire', 'head', plan())
    expect(wrapper.find('[data-testid=plan-save]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=milestone-done] input').attributes('disabled')).toBeDefined()
  })
})
