import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureAuth } from '../http'
import { inspectionApi } from '../inspection'

function ok(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('inspection client', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    configureAuth(null)
  })

  it('sends the Idempotency-Key on submit and on create, and the same key again on a retry', async () => {
    const fetchMock = vi.fn(async () => ok({ id: 'i1' }))
    vi.stubGlobal('fetch', fetchMock)
    await inspectionApi.submit('i1', 'key-1')
    await inspectionApi.submit('i1', 'key-1')
    await inspectionApi.createInspection(
      { campaign_id: 'c', facility_id: 'f', mode: 'announced', departments: ['fire'], inspectors: [] },
      'key-2',
    )
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][]
    expect(calls[0]![0]).toBe('/api/inspection/inspections/i1/submit')
    expect(calls[0]![1].method).toBe('POST')
    expect((calls[0]![1].headers as Record<string, string>)['Idempotency-Key']).toBe('key-1')
    expect((calls[1]![1].headers as Record<string, string>)['Idempotency-Key']).toBe('key-1')
    expect(calls[2]![0]).toBe('/api/inspection/inspections')
    expect((calls[2]![1].headers as Record<string, string>)['Idempotency-Key']).toBe('key-2')
  })

  it('puts answers, uploads photos as multipart, and follows the design paths', async () => {
    const fetchMock = vi.fn(async () => ok({ items: [], total: 0, page: 1, page_size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    await inspectionApi.saveAnswers('i 1', [{ item_id: 'a', result: 'pass' }])
    await inspectionApi.uploadPhoto(new Blob(['x'], { type: 'image/png' }), 'p.png')
    await inspectionApi.tasks({ mine: true })
    await inspectionApi.currentVersions('fire')
    await inspectionApi.classify('c1', 'f1', { class: 'suspend', reason: 'r' })
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][]
    expect(calls[0]![0]).toBe('/api/inspection/inspections/i%201/answers')
    expect(calls[0]![1].method).toBe('PUT')
    expect(JSON.parse(calls[0]![1].body as string)).toEqual({ answers: [{ item_id: 'a', result: 'pass' }] })
    expect(calls[1]![0]).toBe('/api/inspection/photos')
    expect(calls[1]![1].body).toBeInstanceOf(FormData)
    expect(((calls[1]![1].body as FormData).get('file') as File).name).toBe('p.png')
    expect(calls[2]![0]).toBe('/api/inspection/tasks?mine=true')
    expect(calls[3]![0]).toBe('/api/inspection/checklist-versions?department=fire&current=true')
    expect(calls[4]![0]).toBe('/api/inspection/campaigns/c1/classifications/f1')
  })
})
