import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import App from '../App.vue'
import { locale } from '../i18n'

describe('tip App', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    locale.value = 'zh-CN'
    window.history.replaceState(null, '', '/')
    vi.unstubAllGlobals()
  })

  it('opens the page its path names and switches with the History API', async () => {
    vi.stubGlobal('scrollTo', vi.fn())
    window.history.replaceState(null, '', '/tip/status')
    const wrapper = mount(App)
    expect(wrapper.find('[data-testid=tip-status-page]').exists()).toBe(true)
    await wrapper.get('[data-testid=tip-nav-submit]').trigger('click')
    expect(window.location.pathname).toBe('/tip')
    expect(wrapper.find('[data-testid=tip-submit-page]').exists()).toBe(true)
    window.history.back()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await flushPromises()
    expect(wrapper.find('[data-testid=tip-status-page]').exists()).toBe(true)
  })

  it('switches to English and back without storing the choice', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    window.history.replaceState(null, '', '/tip')
    const wrapper = mount(App)
    expect(wrapper.get('[data-testid=tip-submit]').text()).toBe('提交举报')
    await wrapper.get('[data-testid=tip-lang]').trigger('click')
    expect(wrapper.get('[data-testid=tip-submit]').text()).toBe('Send report')
    expect(document.documentElement.lang).toBe('en')
    expect(setItem).not.toHaveBeenCalled()
    setItem.mockRestore()
  })
})
