import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { LadderStage, Rule } from '@/api/notification'
import LaddersTab from '../LaddersTab.vue'

/** ElFormItem debounces its error state before it renders the message. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))
const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
type Call = [string, RequestInit]

const stage = (over: Partial<LadderStage>): LadderStage => ({
  stage: 'due_day', offset_days: 0, day_kind: 'calendar', recipients: ['department_head'], channels: ['sms', 'inbox'], flag_supervision: false, ...over,
})
const hazardRule: Rule = {
  id: 'r1', rule_key: 'hazard.deadline', severity: null, campaign_id: null, updated_by: 'acc-17', updated_by_name: '系统管理员', updated_at: '2026-03-01T00:00:00Z',
  stages: [stage({ stage: 'remind_3d', offset_days: -3 }), stage({ stage: 'remind_1d', offset_days: -1 }), stage({})],
}

function serve(put: (body: { stages: LadderStage[] }) => Response) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url === '/api/notification/rules' && init.method === 'GET') return reply({ items: [hazardRule], total: 1 })
    if (url.startsWith('/api/inspection/campaigns')) return reply({ items: [], total: 0, page: 1, page_size: 100 })
    if (url.startsWith('/api/notification/rules/') && init.method === 'PUT') return put(JSON.parse(init.body as string))
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountIt() {
  i18n.global.locale.value = 'en'
  const wrapper = mount(LaddersTab, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const puts = (fetchMock: ReturnType<typeof serve>) => (fetchMock.mock.calls as unknown as Call[]).filter(([, init]) => init.method === 'PUT')
const rows = (wrapper: Awaited<ReturnType<typeof mountIt>>) => wrapper.findAll('[data-testid=ladder-row]')
async function setOffset(wrapper: Awaited<ReturnType<typeof mountIt>>, index: number, value: string) {
  const input = rows(wrapper)[index]!.get('[data-testid=ladder-offset] input')
  await input.setValue(value)
  await input.trigger('blur')
}

describe('LaddersTab', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the default ladder and adds and removes rows', async () => {
    serve(() => reply(hazardRule))
    const wrapper = await mountIt()
    expect(rows(wrapper).map((row) => row.attributes('data-stage'))).toEqual(['remind_3d', 'remind_1d', 'due_day'])
    // Who changed it last is shown by name, not by account id.
    expect(wrapper.get('[data-testid=ladder-updated]').text()).toContain('系统管理员')
    expect(wrapper.get('[data-testid=ladder-updated]').text()).not.toContain('acc-17')
    await wrapper.get('[data-testid=ladder-add]').trigger('click')
    expect(rows(wrapper).map((row) => row.attributes('data-stage'))).toEqual(['remind_3d', 'remind_1d', 'due_day', 'overdue_3wd'])
    expect((rows(wrapper)[3]!.get('[data-testid=ladder-offset] input').element as HTMLInputElement).value).toBe('1')
    await rows(wrapper)[1]!.get('[data-testid=ladder-remove]').trigger('click')
    expect(rows(wrapper).map((row) => row.attributes('data-stage'))).toEqual(['remind_3d', 'due_day', 'overdue_3wd'])
  })

  it('refuses offsets that go back without asking the server and names the row', async () => {
    const fetchMock = serve(() => reply(hazardRule))
    const wrapper = await mountIt()
    await setOffset(wrapper, 2, '-2')
    await wrapper.get('[data-testid=ladder-save]').trigger('click')
    await flushPromises()
    await settle()
    expect(puts(fetchMock)).toHaveLength(0)
    expect(wrapper.get('[data-testid=ladder-item-2-offset_days]').text()).toContain('greater than the stage above (-1)')
    expect(wrapper.get('[data-testid=ladder-item-1-offset_days]').text()).not.toContain('greater')
  })

  it('sends the ladder and puts the server field errors on the right row and field', async () => {
    const fetchMock = serve(() =>
      reply({
        status: 422, title: 'Unprocessable', code: 'invalid_ladder', detail: 'The ladder is not valid.',
        errors: [
          { field: 'body.stages.2.offset_days', reason: 'offsets must increase strictly: 0 follows 0' },
          { field: 'body.stages.0.recipients.0', reason: 'unknown recipient' },
        ],
      }, 422),
    )
    const wrapper = await mountIt()
    await wrapper.get('[data-testid=ladder-save]').trigger('click')
    await flushPromises()
    await settle()
    const [put] = puts(fetchMock)
    expect(put![0]).toBe('/api/notification/rules/hazard.deadline')
    expect(JSON.parse(put![1].body as string).stages.map((s: LadderStage) => s.offset_days)).toEqual([-3, -1, 0])
    expect(wrapper.get('[data-testid=ladder-item-2-offset_days]').text()).toContain('0 follows 0')
    expect(wrapper.get('[data-testid=ladder-item-0-recipients]').text()).toContain('unknown recipient')
    expect(wrapper.get('[data-testid=ladder-item-1-offset_days]').text()).not.toContain('follows')
  })
})
