import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import RewardRuleCard from '../RewardRuleCard.vue'
import { reply, type Call } from './fixtures'

const RULE = { percent_basis_points: 1500, minimum_fen: 300_000, maximum_fen: 30_000_000, first_valid_only: true, updated_by_name: null, updated_at: null }

function serve() {
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
    init.method === 'PUT' ? reply({ ...RULE, ...JSON.parse(init.body as string), updated_by_name: 'Admin', updated_at: '2026-03-01T00:00:00Z' }) : reply(RULE),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt(canEdit: boolean) {
  i18n.global.locale.value = 'en'
  const wrapper = mount(RewardRuleCard, { props: { canEdit }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function type(wrapper: Awaited<ReturnType<typeof mountIt>>, id: string, value: string) {
  await wrapper.get(`input[data-testid=${id}]`).setValue(value)
}

describe('RewardRuleCard', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => vi.unstubAllGlobals())

  it('reads the rule for everyone, the form only for editors', async () => {
    serve()
    const reader = await mountIt(false)
    expect(reader.get('[data-testid=reward-rule-summary]').text()).toContain('15% of the fine, at least ¥3,000.00, at most ¥300,000.00')
    expect(reader.find('[data-testid=reward-rule-form]').exists()).toBe(false)
  })

  it('saves a percent as basis points and yuan as fen', async () => {
    const fetchMock = serve()
    const wrapper = await mountIt(true)
    await type(wrapper, 'reward-rule-percent', '12.5')
    await type(wrapper, 'reward-rule-minimum', '2000')
    await wrapper.get('[data-testid=reward-rule-save]').trigger('click')
    await flushPromises()
    const put = (fetchMock.mock.calls as unknown as Call[]).find(([, init]) => init.method === 'PUT')!
    expect(JSON.parse(put[1].body as string)).toEqual({ percent_basis_points: 1250, minimum_fen: 200_000, maximum_fen: 30_000_000, first_valid_only: true })
  })

  it('refuses a maximum below the minimum without asking the server', async () => {
    const fetchMock = serve()
    const wrapper = await mountIt(true)
    await type(wrapper, 'reward-rule-maximum', '100')
    await wrapper.get('[data-testid=reward-rule-save]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=reward-rule-item-maximum_fen]').classes()).toContain('is-error')
    expect((fetchMock.mock.calls as unknown as Call[]).some(([, init]) => init.method === 'PUT')).toBe(false)
  })
})
