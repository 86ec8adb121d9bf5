import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import CampaignPolicies from '../CampaignPolicies.vue'

/** ElFormItem debounces its error state before it renders the message. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))

function reply(body: unknown, status = 200): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

type Call = [string, RequestInit]

function serve(putFollowUp: () => Response) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url.endsWith('/follow-up-policy') && init.method === 'GET')
      return reply({ campaign_id: 'c1', delay_days: 45, monthly_sample_percent: 20, updated_at: '2026-03-01T02:00:00Z' })
    if (url.endsWith('/follow-up-policy') && init.method === 'PUT') return putFollowUp()
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

function mountIt(canEditCampaign = true) {
  i18n.global.locale.value = 'en'
  return mount(CampaignPolicies, {
    props: { campaignId: 'c1', majorDays: 5, ordinaryDays: 20, canEditCampaign },
    global: { plugins: [ElementPlus, i18n] },
    attachTo: document.body,
  })
}

const input = (wrapper: ReturnType<typeof mountIt>, field: string) =>
  wrapper.get(`[data-testid=policy-field-${field}] input`).element as HTMLInputElement

describe('CampaignPolicies', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it("shows the campaign's deadline days read-only and the follow-up policy as the server holds it", async () => {
    const fetchMock = serve(() => reply({}))
    const wrapper = mountIt()
    await flushPromises()
    // The days are the campaign's own: shown, not edited here, and no competing setting is asked for or sent.
    expect(wrapper.get('[data-testid=deadline-days-major]').text()).toBe('5')
    expect(wrapper.get('[data-testid=deadline-days-ordinary]').text()).toBe('20')
    expect(wrapper.find('[data-testid=policy-field-major_days]').exists()).toBe(false)
    expect((fetchMock.mock.calls as unknown as Call[]).some(([url]) => url.includes('deadline-policy'))).toBe(false)
    expect(input(wrapper, 'delay_days').value).toBe('45')
    expect(input(wrapper, 'monthly_sample_percent').value).toBe('20')
  })

  it('sends whoever may edit the campaign to the campaign form for the days', async () => {
    serve(() => reply({}))
    const wrapper = mountIt()
    await flushPromises()
    await wrapper.get('[data-testid=deadline-days-edit]').trigger('click')
    expect(wrapper.emitted('edit-campaign')).toHaveLength(1)
    const reader = mountIt(false)
    await flushPromises()
    expect(reader.find('[data-testid=deadline-days-edit]').exists()).toBe(false)
  })

  it('refuses an empty field without asking the server', async () => {
    const fetchMock = serve(() => reply({}))
    const wrapper = mountIt()
    await flushPromises()
    await wrapper.get('[data-testid=policy-field-delay_days] input').setValue('')
    await wrapper.get('[data-testid=policy-save-follow-up]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-testid=policy-item-delay_days]').text()).toContain('1 to 365')
    expect((fetchMock.mock.calls as unknown as Call[]).some(([, init]) => init.method === 'PUT')).toBe(false)
  })

  it('sends the follow-up policy and puts the server field error under its field', async () => {
    const fetchMock = serve(() =>
      reply(
        { status: 422, title: 'Unprocessable', code: 'validation_failed', errors: [{ field: 'body.monthly_sample_percent', reason: 'too many draws' }] },
        422,
      ),
    )
    const wrapper = mountIt()
    await flushPromises()
    await wrapper.get('[data-testid=policy-save-follow-up]').trigger('click')
    await flushPromises()
    await settle()
    const put = (fetchMock.mock.calls as unknown as Call[]).find(([, init]) => init.method === 'PUT')!
    expect(put[0]).toBe('/api/rectification/campaigns/c1/follow-up-policy')
    expect(JSON.parse(put[1].body as string)).toEqual({ delay_days: 45, monthly_sample_percent: 20 })
    expect(wrapper.get('[data-testid=policy-item-monthly_sample_percent]').text()).toContain('too many draws')
  })
})
