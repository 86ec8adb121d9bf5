import { afterEach, describe, expect, it, vi } from 'vitest'
import { notificationApi } from '../notification'

function ok(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

type Call = [string, RequestInit]

describe('notification client', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks for unread inbox items only when told to', async () => {
    const fetchMock = vi.fn(async () => ok({ items: [], total: 0, page: 1, page_size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    await notificationApi.inbox({ unread: true, page: 2, page_size: 20 })
    await notificationApi.inbox({ page: 1 })
    const calls = fetchMock.mock.calls as unknown as Call[]
    expect(calls[0]![0]).toBe('/api/notification/inbox?unread=true&page=2&page_size=20')
    expect(calls[1]![0]).toBe('/api/notification/inbox?page=1')
  })

  it('puts and deletes a ladder variant with its severity and campaign in the query', async () => {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => ok({}, init.method === 'DELETE' ? 204 : 200))
    vi.stubGlobal('fetch', fetchMock)
    const stage = { stage: 'due_day', offset_days: 0, day_kind: 'calendar', recipients: ['supervisor'], channels: ['inbox'], flag_supervision: false } as const
    await notificationApi.putRule('hazard.deadline', { severity: 'major', campaign_id: null }, [{ ...stage, recipients: [...stage.recipients], channels: [...stage.channels] }])
    await notificationApi.deleteRule('hazard.deadline', { severity: null, campaign_id: 'c-1' })
    await notificationApi.putRule('supervision_order.deadline', { severity: null, campaign_id: null }, [])
    const calls = fetchMock.mock.calls as unknown as Call[]
    expect(calls[0]![0]).toBe('/api/notification/rules/hazard.deadline?severity=major')
    expect(calls[0]![1].method).toBe('PUT')
    expect(JSON.parse(calls[0]![1].body as string).stages[0].stage).toBe('due_day')
    expect(calls[1]![0]).toBe('/api/notification/rules/hazard.deadline?campaign_id=c-1')
    expect(calls[1]![1].method).toBe('DELETE')
    expect(calls[2]![0]).toBe('/api/notification/rules/supervision_order.deadline')
  })

  it('filters the delivery log with from/to and retries by id', async () => {
    const fetchMock = vi.fn(async () => ok({ items: [], total: 0, page: 1, page_size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    await notificationApi.deliveries({ status: 'failed', channel: 'sms', from: '2026-03-01T00:00:00+08:00' })
    await notificationApi.retry('d 1')
    const calls = fetchMock.mock.calls as unknown as Call[]
    expect(calls[0]![0]).toBe('/api/notification/deliveries?status=failed&channel=sms&from=2026-03-01T00%3A00%3A00%2B08%3A00')
    expect(calls[1]![0]).toBe('/api/notification/deliveries/d%201/retry')
    expect(calls[1]![1].method).toBe('POST')
  })
})
