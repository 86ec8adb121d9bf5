import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Position, Role } from '@/api/types'
import type { TipPublic } from '@/api/tips'
import { i18n } from '@/i18n'
import TipDetailView from '../TipDetailView.vue'
import { reply, setUp, stubObjectUrls, tip, type Call } from './fixtures'

function serve(current: { value: TipPublic }, overrides: (url: string, init: RequestInit) => Response | null = () => null) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const override = overrides(url, init)
    if (override) return override
    if (url === '/api/inspection/tips/t1/photos/p1') return new Response('jpeg bytes', { headers: { 'Content-Type': 'image/jpeg' } })
    if (url === '/api/inspection/tips/t1' && (init.method ?? 'GET') === 'GET') return reply(current.value)
    if (url === '/api/inspection/tips/t0') return reply(tip({ id: 't0', number: 'JB-2026-000000' }))
    if (url.startsWith('/api/inspection/campaigns')) return reply({ items: [], total: 0, page: 1, page_size: 100 })
    return reply({ detail: `unexpected ${url}` }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountAs(role: Role, position: Position, department: string | null) {
  const { pinia, router } = setUp(role, position, department, [{ path: '/tips/:id', name: 'tip-detail', component: TipDetailView, props: true }])
  await router.push('/tips/t1')
  const wrapper = mount(TipDetailView, { props: { id: 't1' }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const body = (call: Call) => JSON.parse(call[1].body as string) as Record<string, unknown>
const dialogButton = (id: string) => document.querySelector(`[data-testid=${id}]`) as HTMLButtonElement

describe('TipDetailView', () => {
  enableAutoUnmount(afterEach)
  beforeEach(stubObjectUrls)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows photos through blob URLs fetched with the session, and the duplicate hint by number', async () => {
    const fetchMock = serve({ value: tip({ possible_duplicate_of: 't0' }) })
    const wrapper = await mountAs('civil_affairs', 'staff', 'civil_affairs')
    expect((fetchMock.mock.calls as unknown as Call[]).some(([url]) => url === '/api/inspection/tips/t1/photos/p1')).toBe(true)
    expect(wrapper.get('[data-testid=tip-photo]').attributes('data-photo-id')).toBe('p1')
    expect(wrapper.get('[data-testid=tip-possible-duplicate]').text()).toContain('JB-2026-000000')
  })

  it('offers triage to civil affairs and assigns with the version', async () => {
    const current = { value: tip() }
    const fetchMock = serve(current, (url, init) =>
      url === '/api/inspection/tips/t1/assign' && init.method === 'POST'
        ? reply({ ...current.value, status: 'assigned', assigned_department: 'fire', task_id: 'k1', version: 4 })
        : null,
    )
    const wrapper = await mountAs('civil_affairs', 'staff', 'civil_affairs')
    expect(wrapper.find('[data-testid=tip-outcome]').exists()).toBe(false)
    await wrapper.get('[data-testid=tip-assign]').trigger('click')
    await flushPromises()
    dialogButton('tip-assign-submit').click()
    await flushPromises()
    expect(document.querySelector('[data-testid=tip-assign-item-department]')!.classList.contains('is-error')).toBe(true)
    expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/assign'))).toBe(false)
    ;(document.querySelector('[data-testid=tip-assign-department-fire]') as HTMLElement).click()
    await flushPromises()
    dialogButton('tip-assign-submit').click()
    await flushPromises()
    const call = (fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/assign'))!
    expect(body(call)).toEqual({ department: 'fire', version: 3 })
    expect(wrapper.get('[data-testid=tip-state]').attributes('data-state')).toBe('assigned')
    expect(wrapper.find('[data-testid=tip-assign]').exists()).toBe(false)
  })

  it('says why a close was refused on a version conflict and reloads the tip', async () => {
    const current = { value: tip() }
    const fetchMock = serve(current, (url) => {
      if (url !== '/api/inspection/tips/t1/close') return null
      current.value = tip({ status: 'duplicate', duplicate_of: 't0', version: 4 })
      return reply({ status: 409, title: 'Conflict', code: 'version_conflict', detail: 'stale' }, 409)
    })
    const wrapper = await mountAs('admin', 'staff', null)
    await wrapper.get('[data-testid=tip-close]').trigger('click')
    await flushPromises()
    const reason = document.querySelector('[data-testid=tip-close-reason]') as HTMLTextAreaElement
    reason.value = 'Not in our district.'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    dialogButton('tip-decision-submit').click()
    await flushPromises()
    expect(body((fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/close'))!)).toEqual({ reason: 'Not in our district.', version: 3 })
    expect(wrapper.get('[data-testid=tip-refusal]').text()).toContain('Someone else changed this tip')
    expect(wrapper.get('[data-testid=tip-state]').attributes('data-state')).toBe('duplicate')
  })

  it('lets the assigned department answer the reporter and propose a reward for a verified tip', async () => {
    const current = { value: tip({ status: 'verified', assigned_department: 'fire', hazards: [{ hazard_key: 'h1', title: 'Exit locked', severity: 'major' }] }) }
    const fetchMock = serve(current, (url) => {
      if (url === '/api/inspection/tips/t1/messages')
        return reply({ id: 'm1', author: 'department', department: 'fire', author_name: 'Li', body: 'Thanks, we checked.', created_at: '2026-03-04T00:00:00Z' }, 201)
      if (url === '/api/inspection/reward-rule') return reply({ percent_basis_points: 1500, minimum_fen: 300_000, maximum_fen: 30_000_000, first_valid_only: true })
      if (url === '/api/inspection/tips/t1/reward') {
        current.value = { ...current.value, reward_status: 'proposed' }
        return reply({}, 201)
      }
      return null
    })
    const wrapper = await mountAs('fire', 'staff', 'fire')
    expect(wrapper.find('[data-testid=tip-assign]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=tip-hazard]').attributes('data-severity')).toBe('major')
    await wrapper.get('textarea[data-testid=tip-reply]').setValue('Thanks, we checked.')
    await wrapper.get('[data-testid=tip-reply-send]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=tip-message]').attributes('data-author')).toBe('department')
    await wrapper.get('[data-testid=tip-propose-reward]').trigger('click')
    await flushPromises()
    const fine = document.querySelector('[data-testid=reward-propose-fine]') as HTMLInputElement
    fine.value = '100000'
    fine.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(document.querySelector('[data-testid=reward-propose-estimate]')!.textContent).toContain('15,000.00')
    dialogButton('reward-propose-submit').click()
    await flushPromises()
    expect(body((fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/reward'))!)).toEqual({ basis: 'major_hazard', fine_fen: 10_000_000 })
    expect(wrapper.get('[data-testid=tip-reward-status]').text()).toBe('Proposed')
    expect(wrapper.find('[data-testid=tip-propose-reward]').exists()).toBe(false)
  })

  it('gives a sub-district officer no actions and no reply box', async () => {
    serve({ value: tip({ status: 'assigned', assigned_department: 'fire' }) })
    const wrapper = await mountAs('subdistrict', 'officer', null)
    expect(wrapper.get('[data-testid=tip-actions]').findAll('button')).toHaveLength(0)
    expect(wrapper.find('[data-testid=tip-reply]').exists()).toBe(false)
  })
})
