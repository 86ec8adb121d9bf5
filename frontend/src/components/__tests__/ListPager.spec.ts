import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { defineComponent, h, ref } from 'vue'
import { i18n } from '@/i18n'
import ListPager from '../ListPager.vue'

enableAutoUnmount(afterEach)
afterEach(() => vi.unstubAllGlobals())

function screen(phone: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: phone && query.includes('max-width'),
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }))
}

const mountPager = (props: Record<string, unknown>) =>
  mount(ListPager, { props: { page: 1, total: 95, ...props }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })

describe('ListPager', () => {
  it('puts the list test id on the pagination and offers sizes and a jumper on a wide screen', () => {
    screen(false)
    const wrapper = mountPager({ pageSize: 10, pageSizes: [10, 20, 50], jumper: true, testid: 'ledger-pagination' })
    const pagination = wrapper.get('[data-testid=ledger-pagination]')
    expect(pagination.classes()).toContain('el-pagination')
    expect(pagination.find('.el-pagination__sizes').exists()).toBe(true)
    expect(pagination.find('.el-pagination__jump').exists()).toBe(true)
    expect(pagination.findAll('.el-pager li').map((li) => li.text())).toContain('10')
  })

  it('is small on a phone: no jumper, at most five page buttons, wrapping', () => {
    screen(true)
    const wrapper = mountPager({ page: 5, pageSize: 10, pageSizes: [10, 20, 50], jumper: true, total: 200 })
    expect(wrapper.classes()).toEqual(expect.arrayContaining(['phone', 'stacked']))
    expect(wrapper.find('.el-pagination__jump').exists()).toBe(false)
    expect(wrapper.find('.el-pagination__sizes').exists()).toBe(true)
    expect(wrapper.find('.el-pagination').classes()).toContain('el-pagination--small')
    expect(wrapper.findAll('.el-pager li.number')).toHaveLength(5)
    screen(false)
    expect(mountPager({ page: 5, pageSize: 10, total: 200 }).findAll('.el-pager li.number')).toHaveLength(7)
    // Without a size choice a phone pager fits on one line.
    screen(true)
    expect(mountPager({ pageSize: 10 }).classes()).not.toContain('stacked')
  })

  it('has no sizes without a choice, and hides a single page only when asked', () => {
    screen(false)
    expect(mountPager({ total: 20 }).find('.el-pagination__sizes').exists()).toBe(false)
    expect(mountPager({ total: 20 }).find('.el-pagination').exists()).toBe(true)
    expect(mountPager({ total: 20, hideOnSinglePage: true }).find('.el-pagination').exists()).toBe(false)
    expect(mountPager({ total: 21, hideOnSinglePage: true }).find('.el-pagination').exists()).toBe(true)
  })

  it('works with v-model: a click moves the page, a size change reaches the parent', async () => {
    screen(false)
    const page = ref(1)
    const size = ref(10)
    const Parent = defineComponent(() => () =>
      h(ListPager, {
        page: page.value, pageSize: size.value, pageSizes: [10, 20], total: 45, testid: 'p',
        'onUpdate:page': (value: number) => (page.value = value),
        'onUpdate:pageSize': (value: number) => (size.value = value),
      }),
    )
    const wrapper = mount(Parent, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
    await wrapper.get('.el-pager li:nth-child(3)').trigger('click')
    await flushPromises()
    expect(page.value).toBe(3)
    expect(wrapper.get('.el-pager li.is-active').text()).toBe('3')
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('size-change', 20)
    await flushPromises()
    expect(size.value).toBe(20)
  })
})
