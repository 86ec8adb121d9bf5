import { afterEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import type { Webhook } from '@/api/notification'
import WebhooksTab from '../WebhooksTab.vue'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
type Call = [string, RequestInit]
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))

const hook: Webhook = {
  id: 'w1', client_name: 'City platform', owner: 'a1', url: 'https://city.example/hook', event_types: ['hazard.overdue'],
  active: true, consecutive_failures: 0, disabled_at: null, created_at: '2026-03-01T00:00:00Z',
}

function serve(create: () => Response) {
  let listed: Webhook[] = []
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (url.startsWith('/api/notification/webhooks?') && init.method === 'GET') return reply({ items: listed, total: listed.length, page: 1, page_size: 20 })
    if (url === '/api/notification/webhooks' && init.method === 'POST') {
      const answer = create()
      if (answer.ok) listed = [hook]
      return answer
    }
    return reply({ detail: 'unexpected' }, 500)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function fillAndSave(wrapper: ReturnType<typeof mount>) {
  await wrapper.get('[data-testid=webhook-create]').trigger('click')
  await flushPromises()
  const find = (id: string) => document.querySelector(`[data-testid=${id}]`) as HTMLElement
  // ElInput puts the test id on the <input> itself.
  const name = find('webhook-field-client_name') as HTMLInputElement
  name.value = 'City platform'
  name.dispatchEvent(new Event('input'))
  const url = find('webhook-field-url') as HTMLInputElement
  url.value = 'https://city.example/hook'
  url.dispatchEvent(new Event('input'))
  ;(document.querySelector('[data-testid="webhook-event-hazard.overdue"] input') as HTMLInputElement).click()
  await flushPromises()
  find('webhook-save').click()
  await flushPromises()
  await settle()
}

describe('WebhooksTab', () => {
  enableAutoUnmount(afterEach)
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the secret once after a create, and never again once closed', async () => {
    const fetchMock = serve(() => reply({ ...hook, secret: 's3cr3t-value' }, 201))
    i18n.global.locale.value = 'en'
    const wrapper = mount(WebhooksTab, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
    await flushPromises()
    await fillAndSave(wrapper)
    const post = (fetchMock.mock.calls as unknown as Call[]).find(([, init]) => init.method === 'POST')!
    expect(JSON.parse(post[1].body as string)).toEqual({ client_name: 'City platform', url: 'https://city.example/hook', event_types: ['hazard.overdue'] })
    const secret = document.querySelector('[data-testid=webhook-secret]') as HTMLInputElement
    expect(secret.value).toBe('s3cr3t-value')
    expect(secret.readOnly).toBe(true)
    ;(document.querySelector('[data-testid=webhook-secret-done]') as HTMLElement).click()
    await flushPromises()
    expect((document.querySelector('[data-testid=webhook-secret]') as HTMLInputElement | null)?.value ?? '').toBe('')
    expect(document.body.textContent).not.toContain('s3cr3t-value')
    expect(wrapper.get('[data-testid=webhook-table]').text()).toContain('City platform')
  })

  it('puts a refused URL under the URL field', async () => {
    serve(() => reply({ status: 422, title: 'Unprocessable', code: 'webhook_url_refused', errors: [{ field: 'body.url', reason: 'loopback address refused' }] }, 422))
    i18n.global.locale.value = 'en'
    const wrapper = mount(WebhooksTab, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
    await flushPromises()
    await fillAndSave(wrapper)
    expect(document.querySelector('[data-testid=webhook-item-url]')!.textContent).toContain('loopback address refused')
    expect(document.querySelector('[data-testid=webhook-secret]')).toBeNull()
  })
})
