import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Position, Role } from '@/api/types'
import type { RewardPublic } from '@/api/tips'
import { i18n } from '@/i18n'
import RewardDetailView from '../RewardDetailView.vue'
import { reply, reward, setUp, type Call } from './fixtures'

function serve(current: RewardPublic) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const method = init.method ?? 'GET'
    if (url === '/api/inspection/rewards/r1' && method === 'GET') return reply(current)
    if (url === '/api/inspection/rewards/r1/approve')
      return reply({ ...current, status: 'approved', approved_fen: 1_200_000, decided_by_name: 'Fire Head', version: 2 })
    if (url === '/api/inspection/rewards/r1/contact') return reply({ contact: '13800001111' })
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountAs(role: Role, position: Position, department: string | null, current: RewardPublic) {
  const fetchMock = serve(current)
  const { pinia, router } = setUp(role, position, department, [{ path: '/rewards/:id', name: 'reward-detail', component: RewardDetailView, props: true }])
  await router.push('/rewards/r1')
  const wrapper = mount(RewardDetailView, { props: { id: 'r1' }, global: { plugins: [ElementPlus, i18n, pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, fetchMock }
}

const body = (call: Call) => JSON.parse(call[1].body as string) as Record<string, unknown>

describe('RewardDetailView', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it("lets the department head approve another amount, in fen, with the version", async () => {
    const { wrapper, fetchMock } = await mountAs('fire', 'head', 'fire', reward())
    expect(wrapper.find('[data-testid=reward-reveal-contact]').exists()).toBe(false)
    await wrapper.get('[data-testid=reward-approve]').trigger('click')
    await flushPromises()
    const amount = document.querySelector('input[data-testid=reward-approved-amount]') as HTMLInputElement
    amount.value = '12000'
    amount.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-testid=reward-action-submit]') as HTMLButtonElement).click()
    await flushPromises()
    const call = (fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/approve'))!
    expect(body(call)).toEqual({ approved_fen: 1_200_000, version: 1 })
    expect(wrapper.get('[data-testid=reward-state]').attributes('data-state')).toBe('approved')
    expect(wrapper.get('[data-testid=reward-approved]').text()).toBe('12,000.00')
  })

  it('gives a staff member of the department no decision', async () => {
    const { wrapper } = await mountAs('fire', 'staff', 'fire', reward())
    expect(wrapper.find('[data-testid=reward-approve]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=reward-tip-link]').text()).toBe(reward().tip_number)
    expect(wrapper.find('[data-testid=reward-reject]').exists()).toBe(false)
  })

  it('shows the custodian the contact after a confirmation, through a POST, and forgets it on close', async () => {
    const { wrapper, fetchMock } = await mountAs('reward_custodian', 'custodian', null, reward({ status: 'approved', approved_fen: 1_500_000 }))
    expect(wrapper.find('[data-testid=reward-payout]').exists()).toBe(true)
    // The custodian reads the tip's number, never the tip: no link to a page it may not open.
    expect(wrapper.find('[data-testid=reward-tip-link]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=reward-tip-number]').text()).toBe(reward().tip_number)
    await wrapper.get('[data-testid=reward-reveal-contact]').trigger('click')
    await flushPromises()
    ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLButtonElement).click()
    await flushPromises()
    const call = (fetchMock.mock.calls as unknown as Call[]).find(([url]) => url.endsWith('/contact'))!
    expect(call[1].method).toBe('POST')
    expect(document.querySelector('[data-testid=reward-contact]')!.textContent).toBe('13800001111')
    ;(document.querySelector('[data-testid=reward-contact-close]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid=reward-contact]')?.textContent ?? '').not.toContain('13800001111')
  })
})
