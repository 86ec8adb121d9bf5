import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Position, Role } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import HomeView from '@/views/HomeView.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, page_size: 100 })

type Handler = (path: string, query: URLSearchParams) => unknown
/** The platform as seen by the page: the handler answers what it knows, anything else is a server error. */
function serve(handler: Handler) {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    const parsed = new URL(url, 'http://localhost')
    const body = handler(parsed.pathname, parsed.searchParams)
    return body === undefined ? reply({ detail: 'down', code: 'unavailable' }, 503) : reply(body)
  }))
}

async function mountAs(role: Role, position: Position, facility: string | null = null) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const auth = useAuthStore()
  auth.accessToken = 'token'
  auth.account = {
    id: 'me', username: 'u', name: 'Zhao', role, position, department: null, area: '999001001001', facility,
    phone: null, email: null, disabled: false, created_at: '', last_login_at: null,
  }
  const stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', name: 'home', component: HomeView },
      ...['tasks', 'my-hazards', 'ledger', 'facilities', 'plans', 'supervision', 'rewards', 'inbox', 'self-check']
        .map((name) => ({ path: `/${name}`, name, component: stub })),
      { path: '/hazards/:id', name: 'hazard-detail', component: stub },
      { path: '/inspect/:id', name: 'inspection-form', component: stub },
      { path: '/facilities/:id', name: 'facility-detail', component: stub },
      { path: '/rewards/:id', name: 'reward-detail', component: stub },
      { path: '/facilities/:facilityId/relocation', name: 'facility-relocation', component: stub }],
  })
  await router.push('/')
  i18n.global.locale.value = 'en'
  const wrapper = mount(HomeView, { global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  await flushPromises()
  return wrapper
}

const block = (wrapper: Awaited<ReturnType<typeof mountAs>>, kind: string) => wrapper.get(`[data-testid="block-${kind}"]`)
const items = (wrapper: Awaited<ReturnType<typeof mountAs>>, kind: string) =>
  block(wrapper, kind).findAll('[data-testid="block-item"]').map((item) => item.text())

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('the home page', () => {
  it('shows a facility manager what each hazard needs next, and one failing service does not blank the page', async () => {
    const hazard = (id: string, state: string, deadline: string, over: object = {}) => ({
      id, state, deadline, item_text: `item ${id}`, overdue: false, rejection_reason: null, facility_id: 'fac-1', ...over,
    })
    serve((path, query) => {
      if (path === '/api/rectification/hazards') {
        return page({
          open: [hazard('o', 'open', '2026-03-20', { description: '三楼活动室采用易燃芯材彩钢板搭建' })],
          in_progress: [hazard('r', 'in_progress', '2026-03-12', { rejection_reason: 'blurred photo' }),
            hazard('e', 'in_progress', '2026-03-10')],
          submitted: [hazard('s', 'submitted', '2026-03-01', { overdue: true })],
        }[query.get('state') ?? ''] ?? [])
      }
      if (path === '/api/rectification/hazards/e') return { ...hazard('e', 'in_progress', '2026-03-10'), evidence: [{ id: 'x' }] }
      return undefined // the inspection service is down
    })
    const wrapper = await mountAs('facility', 'manager', 'fac-1')

    expect(block(wrapper, 'facilityHazards').get('[data-testid="block-count"]').text()).toBe('4')
    expect(items(wrapper, 'facilityHazards')).toEqual([
      expect.stringContaining('Submit for acceptance'), // e: evidence uploaded, earliest deadline to act on
      expect.stringContaining('Rejected: rectify again'),
      expect.stringContaining('Start rectifying'),
      expect.stringContaining('Waiting for acceptance'), // late, but the department's turn
    ])
    expect(items(wrapper, 'facilityHazards')[0]).toContain('item e')
    // What was found heads an item; the checklist item (written as the compliant state) only when nothing else is known.
    expect(items(wrapper, 'facilityHazards')[2]).toContain('三楼活动室采用易燃芯材彩钢板搭建')
    expect(items(wrapper, 'facilityHazards')[2]).not.toContain('item o')
    expect(block(wrapper, 'acknowledgements').find('[data-testid="block-failed"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="home-overview"]').exists()).toBe(false)
  })

  it('shows a sub-district the relocations of suspended and of shut-down facilities, the least advanced first', async () => {
    const plan = (id: string, decision: string, relocated: number, remaining: number) => ({
      id, facility_id: `fac-${id}`, facility_name: `facility ${id}`, decision, relocated, remaining,
      relocation_completed_at: null,
    })
    serve((path, query) => {
      if (path === '/api/rectification/plans') {
        return page(query.get('decision') === 'suspend' ? [plan('zhuyuan', 'suspend', 11, 11)]
          : query.get('decision') === 'shutdown' ? [plan('guiyuan', 'shutdown', 0, 30)] : [])
      }
      if (path === '/api/rectification/hazards' || path === '/api/registry/facilities') return page([])
      return undefined
    })
    const wrapper = await mountAs('subdistrict', 'officer')

    expect(block(wrapper, 'relocations').get('[data-testid="block-count"]').text()).toBe('2')
    expect(items(wrapper, 'relocations')).toEqual([
      expect.stringContaining('facility guiyuan'), expect.stringContaining('facility zhuyuan')])
  })

  it('gives a field inspector its tasks of today (late ones first) and of this week on the business clock, then its drafts', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-03T18:00:00Z')) // Wednesday 4 March, 02:00 in China (still the 3rd in UTC)
    const task = (id: string, due_date: string) => ({
      id, due_date, facility_id: id, facility_name: `facility ${id}`, mode: 'announced', inspection_id: null,
    })
    serve((path, query) => {
      if (path === '/api/inspection/tasks') {
        return page(query.get('status') === 'planned'
          ? [task('next-week', '2026-03-09'), task('friday', '2026-03-06'), task('today', '2026-03-04'), task('late', '2026-03-02')]
          : [])
      }
      if (path === '/api/inspection/inspections') {
        return page([
          { id: 'd1', created_by: 'me', self_check: false, facility_id: 'f9', created_at: '2026-03-03T01:00:00Z', started_at: null },
          { id: 'd2', created_by: 'someone else', self_check: false, facility_id: 'f8', created_at: '2026-03-03T01:00:00Z', started_at: null },
        ])
      }
      if (path === '/api/registry/facilities/f9') return { id: 'f9', name: '松鹤颐养院' }
      if (path === '/api/rectification/hazards') return page([])
      return undefined
    })
    const wrapper = await mountAs('fire', 'staff')

    const order = wrapper.findAll('[data-testid^="block-"][data-testid$="-more"]').map((a) => a.attributes('data-testid'))
    expect(order.slice(0, 3)).toEqual(['block-tasksToday-more', 'block-tasksWeek-more', 'block-drafts-more'])
    expect(block(wrapper, 'tasksToday').get('[data-testid="block-count"]').text()).toBe('2')
    expect(items(wrapper, 'tasksToday')).toEqual([expect.stringContaining('facility late'), expect.stringContaining('facility today')])
    expect(items(wrapper, 'tasksToday')[0]).toContain('Overdue')
    expect(items(wrapper, 'tasksWeek')).toEqual([expect.stringContaining('facility friday')])
    expect(block(wrapper, 'drafts').get('[data-testid="block-count"]').text()).toBe('1')
    expect(items(wrapper, 'drafts')[0]).toContain('松鹤颐养院')
    expect(block(wrapper, 'deptOverdue').find('[data-testid="block-empty"]').exists()).toBe(true)
  })
})
