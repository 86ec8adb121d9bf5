import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import ClassificationView from '../ClassificationView.vue'

const reply = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })

const ROWS = [
  { facility_id: 'f1', name: '松鹤颐养院', area_code: '999001001001', suggested_class: 'suspend',
    reasons: [{ condition: 'open_major', text_zh: '存在未整改的重大事故隐患：FIRE-07', text_en: 'Open major hazard: FIRE-07', item_codes: ['FIRE-07'] }] },
  { facility_id: 'f2', name: '竹园老年公寓', area_code: '999001001001', suggested_class: 'not_inspected',
    reasons: [{ condition: 'not_inspected', departments: ['fire', 'health'], item_codes: [] }] },
  { facility_id: 'f3', name: '福星敬老院', area_code: '999001001001', suggested_class: 'pass',
    reasons: [{ condition: 'a_rule_of_tomorrow', item_codes: [] }] },
]

async function mountIt(locale: 'zh-CN' | 'en') {
  i18n.global.locale.value = locale
  vi.stubGlobal('fetch', vi.fn(async () => reply(ROWS)))
  setActivePinia(createPinia())
  const wrapper = mount(ClassificationView, {
    props: { id: 'c1' },
    global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
  await flushPromises()
  return wrapper
}

describe('ClassificationView (issue 11)', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    i18n.global.locale.value = 'zh-CN'
  })

  it('shows each reason as a sentence in the user language, never as JSON', async () => {
    const wrapper = await mountIt('zh-CN')
    const reasons = wrapper.findAll('[data-testid=classification-reasons]').map((list) => list.text())
    expect(reasons).toEqual(['存在未整改的重大事故隐患：FIRE-07', '尚有部门未完成检查：消防、卫健', '其他依据（a_rule_of_tomorrow）'])
    expect(wrapper.text()).not.toContain('{')
    expect(wrapper.findAll('[data-testid=suggested-class]').map((tag) => tag.text())).toEqual(['停业整顿', '尚未检查', '合格'])
  })

  it('reads the same reasons in English', async () => {
    const wrapper = await mountIt('en')
    const reasons = wrapper.findAll('[data-testid=classification-reasons]').map((list) => list.text())
    expect(reasons).toEqual(['Open major hazard: FIRE-07', 'Not yet inspected by: Fire rescue, Health', 'Other grounds (a_rule_of_tomorrow)'])
  })
})
