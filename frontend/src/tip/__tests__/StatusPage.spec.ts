import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import StatusPage from '../pages/StatusPage.vue'
import type { TipReceiptView } from '../api'
import { locale } from '../i18n'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
type Call = [string, RequestInit]

const RECEIPT = '4821097735106624'

function view(over: Partial<TipReceiptView> = {}): TipReceiptView {
  return {
    number: 'JB-2026-000007', category: 'fire', facility_name: '阳光养老院', location: null, status: 'verified',
    created_at: '2026-03-01T02:00:00Z', updated_at: '2026-03-03T02:00:00Z', outcome_note: '安全出口被锁属实，已责令整改。',
    closed_reason: null, duplicate_of_number: null, hazards: [{ title: '安全出口上锁', severity: 'major' }],
    messages: [{ author: 'department', department: 'fire', body: '请问是哪一层？', created_at: '2026-03-02T02:00:00Z' }],
    reward_status: null, ...over,
  }
}

function serve(current: () => TipReceiptView = () => view()) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const body = JSON.parse(init.body as string) as { receipt: string; body?: string }
    if (body.receipt !== RECEIPT) return reply({ status: 404, code: 'receipt_not_found', detail: 'No tip with this receipt.' }, 404)
    if (url === '/api/inspection/public/tips/status') return reply(current())
    if (url === '/api/inspection/public/tips/messages') {
      const base = current()
      return reply({ ...base, messages: [...base.messages, { author: 'reporter', department: null, body: body.body, created_at: '2026-03-03T03:00:00Z' }] }, 201)
    }
    return reply({}, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function lookUp(wrapper: ReturnType<typeof mount>, code: string) {
  await wrapper.get('[data-testid=tip-receipt-input]').setValue(code)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('StatusPage', () => {
  enableAutoUnmount(afterEach)
  beforeEach(() => {
    locale.value = 'zh-CN'
  })
  afterEach(() => vi.unstubAllGlobals())

  it('refuses what is not 16 digits without asking the server', async () => {
    const fetchMock = serve()
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, '1234 5678')
    expect(wrapper.get('[data-testid=tip-status-error]').text()).toBe('查询码是 16 位数字')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('says a wrong receipt is unknown', async () => {
    serve()
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, '1111 2222 3333 4444')
    expect(wrapper.get('[data-testid=tip-status-error]').text()).toBe('查询码不正确，请核对后重试')
    expect(wrapper.find('[data-testid=tip-status-view]').exists()).toBe(false)
  })

  it('shows the status, timeline, outcome, hazards and thread; nothing is stored', async () => {
    serve()
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, '4821 0977 3510 6624')
    expect(wrapper.get('[data-testid=tip-status]').attributes('data-status')).toBe('verified')
    expect(wrapper.findAll('[data-testid=tip-step]').map((s) => s.attributes('data-state'))).toEqual(['done', 'done', 'current'])
    expect(wrapper.get('[data-testid=tip-outcome]').text()).toContain('已责令整改')
    expect(wrapper.get('[data-testid=tip-hazard]').text()).toContain('重大隐患')
    expect(wrapper.get('[data-testid=tip-message]').attributes('data-author')).toBe('department')
    expect(setItem).not.toHaveBeenCalled()
    expect(window.location.href).not.toContain(RECEIPT)
    setItem.mockRestore()
  })

  it('ends at the closed reason for a closed tip, with no check step', async () => {
    serve(() => view({ status: 'closed', outcome_note: null, hazards: [], closed_reason: '该机构不在本区。' }))
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, RECEIPT)
    expect(wrapper.findAll('[data-testid=tip-step]').map((s) => s.text())).toEqual(['受理', '已办结'])
    expect(wrapper.get('[data-testid=tip-closed-reason]').text()).toContain('该机构不在本区')
  })

  it('sends a reply with the receipt in the body and shows it in the thread', async () => {
    const fetchMock = serve()
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, RECEIPT)
    await wrapper.get('[data-testid=tip-reply]').setValue('在二楼东侧。')
    await wrapper.get('.reply').trigger('submit')
    await flushPromises()
    const [url, init] = (fetchMock.mock.calls as unknown as Call[])[1]!
    expect(url).toBe('/api/inspection/public/tips/messages')
    expect(JSON.parse(init.body as string)).toEqual({ receipt: RECEIPT, body: '在二楼东侧。' })
    expect(wrapper.findAll('[data-testid=tip-message]').map((m) => m.attributes('data-author'))).toEqual(['department', 'reporter'])
  })

  it('forgets the receipt when the reporter leaves', async () => {
    serve()
    const wrapper = mount(StatusPage)
    await lookUp(wrapper, RECEIPT)
    await wrapper.get('[data-testid=tip-status-leave]').trigger('click')
    expect(wrapper.find('[data-testid=tip-status-view]').exists()).toBe(false)
    expect((wrapper.get('[data-testid=tip-receipt-input]').element as HTMLInputElement).value).toBe('')
  })
})
