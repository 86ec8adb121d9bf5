import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import SubmitPage from '../pages/SubmitPage.vue'
import { locale } from '../i18n'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
type Call = [string, RequestInit]

const RECEIPT = '4821097735106624'
const HIT = { facility_id: 'f1', name: '阳光养老院', address: '幸福路 1 号' }

function serve(submitAnswer: () => Response = () => reply({ number: 'JB-2026-000007', receipt: RECEIPT, status: 'received', created_at: '2026-03-01T02:00:00Z' }, 201)) {
  const fetchMock = vi.fn(async (url: string) => {
    if (url.startsWith('/api/inspection/public/facilities?')) return reply([HIT])
    if (url === '/api/inspection/public/tips') return submitAnswer()
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

const png = (name = 'a.png', size = 10, type = 'image/png') => new File([new Uint8Array(size)], name, { type })

async function pickFiles(wrapper: ReturnType<typeof mount>, files: File[]) {
  const input = wrapper.get('[data-testid=tip-photo-input]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
}

async function fillValid(wrapper: ReturnType<typeof mount>) {
  await wrapper.get('[data-testid=tip-category-fire] input').setValue(true)
  await wrapper.get('[data-testid=tip-description]').setValue('走廊堆满杂物，安全出口被锁住。')
  await wrapper.get('[data-testid=tip-location]').setValue('幸福路 1 号 2 楼')
}

describe('SubmitPage', () => {
  enableAutoUnmount(afterEach)
  beforeEach(() => {
    locale.value = 'zh-CN'
    vi.stubGlobal('scrollTo', vi.fn())
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => `blob:${Math.random()}`), revokeObjectURL: vi.fn() }))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('refuses an empty form without asking the server', async () => {
    const fetchMock = serve()
    const wrapper = mount(SubmitPage)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('[data-testid=tip-error-category]').text()).toBe('请选择问题类别')
    expect(wrapper.get('[data-testid=tip-error-description]').text()).toBe('请至少写 10 个字')
    expect(wrapper.get('[data-testid=tip-error-location]').text()).toBe('请选择机构或描述位置')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('searches facilities once typing pauses and takes the chosen one', async () => {
    vi.useFakeTimers()
    const fetchMock = serve()
    const wrapper = mount(SubmitPage)
    await wrapper.get('[data-testid=tip-facility-search]').setValue('阳')
    await wrapper.get('[data-testid=tip-facility-search]').setValue('阳光')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect((fetchMock.mock.calls as unknown as Call[])[0]![0]).toBe('/api/inspection/public/facilities?q=%E9%98%B3%E5%85%89')
    await wrapper.get('[data-testid=tip-facility-option]').trigger('click')
    expect(wrapper.get('[data-testid=tip-facility-selected]').text()).toContain('阳光养老院')
  })

  it('checks photos by type and size and removes a preview', async () => {
    serve()
    const wrapper = mount(SubmitPage)
    await pickFiles(wrapper, [png('ok.png'), png('doc.pdf', 10, 'application/pdf'), png('big.jpg', 5 * 1024 * 1024 + 1, 'image/jpeg')])
    expect(wrapper.findAll('[data-testid=tip-photo-preview]')).toHaveLength(1)
    expect(wrapper.get('[data-testid=tip-error-photos]').text()).toContain('big.jpg')
    await wrapper.get('[data-testid=tip-photo-remove]').trigger('click')
    expect(wrapper.findAll('[data-testid=tip-photo-preview]')).toHaveLength(0)
    await pickFiles(wrapper, Array.from({ length: 6 }, (_, i) => png(`p${i}.png`)))
    expect(wrapper.findAll('[data-testid=tip-photo-preview]')).toHaveLength(5)
    expect(wrapper.find('[data-testid=tip-photo-input]').exists()).toBe(false)
  })

  it('asks for consent before a contact is sent', async () => {
    const fetchMock = serve()
    const wrapper = mount(SubmitPage)
    await fillValid(wrapper)
    await wrapper.get('[data-testid=tip-contact]').setValue('13800001111')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('[data-testid=tip-error-contact_consent]').text()).toBe('留下联系方式需勾选同意')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it("shows the server's field errors under their fields", async () => {
    serve(() => reply({ status: 422, code: 'validation_failed', detail: 'invalid', errors: [{ field: 'body.photos.0', reason: '不是有效的图片' }, { field: 'body.description', reason: '内容过长' }] }, 422))
    const wrapper = mount(SubmitPage)
    await fillValid(wrapper)
    await pickFiles(wrapper, [png()])
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=tip-error-photos]').text()).toBe('不是有效的图片')
    expect(wrapper.get('[data-testid=tip-error-description]').text()).toBe('内容过长')
    expect(wrapper.get('[data-testid=tip-banner]').text()).toBe('提交失败，请检查标红的内容')
  })

  it('sends the tip and shows the receipt once, grouped, with the warning; nothing is stored', async () => {
    const fetchMock = serve()
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const wrapper = mount(SubmitPage)
    await fillValid(wrapper)
    await pickFiles(wrapper, [png()])
    await wrapper.get('[data-testid=tip-contact]').setValue('13800001111')
    await wrapper.get('[data-testid=tip-consent]').setValue(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const [url, init] = (fetchMock.mock.calls as unknown as Call[])[0]!
    expect(url).toBe('/api/inspection/public/tips')
    const form = init.body as FormData
    expect(form.get('category')).toBe('fire')
    expect(form.get('contact_consent')).toBe('true')
    expect(form.getAll('photos')).toHaveLength(1)
    expect(wrapper.findAll('[data-testid=tip-receipt] span').map((s) => s.text())).toEqual(['4821', '0977', '3510', '6624'])
    expect(wrapper.get('[data-testid=tip-number]').text()).toBe('JB-2026-000007')
    expect(wrapper.get('[data-testid=tip-receipt-warning]').text()).toContain('只显示这一次')
    expect(setItem).not.toHaveBeenCalled()
    expect(window.location.href).not.toContain(RECEIPT)
    await wrapper.get('[data-testid=tip-another]').trigger('click')
    expect(wrapper.text()).not.toContain('4821')
    setItem.mockRestore()
  })
})
