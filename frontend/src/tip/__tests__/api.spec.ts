import { afterEach, describe, expect, it, vi } from 'vitest'
import { TipProblem, fieldOf, groupReceipt, isReceipt, publicApi, tipForm } from '../api'

const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
type Call = [string, RequestInit]

describe('public tip API', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends no cookies, no referrer and asks for no cache', async () => {
    const fetchMock = vi.fn(async () => reply([]))
    vi.stubGlobal('fetch', fetchMock)
    await publicApi.facilities('阳光 养老')
    const [url, init] = (fetchMock.mock.calls as unknown as Call[])[0]!
    expect(url).toBe('/api/inspection/public/facilities?q=%E9%98%B3%E5%85%89+%E5%85%BB%E8%80%81')
    expect(init.credentials).toBe('omit')
    expect(init.referrerPolicy).toBe('no-referrer')
    expect(init.cache).toBe('no-store')
    expect(new Headers(init.headers).has('Authorization')).toBe(false)
  })

  it('puts the receipt in the body, digits only, never in the URL', async () => {
    const fetchMock = vi.fn(async () => reply({}))
    vi.stubGlobal('fetch', fetchMock)
    await publicApi.status('1234 5678-9012 3456')
    await publicApi.message('1234567890123456', 'more')
    const calls = fetchMock.mock.calls as unknown as Call[]
    expect(calls.map(([url]) => url)).toEqual(['/api/inspection/public/tips/status', '/api/inspection/public/tips/messages'])
    expect(JSON.parse(calls[0]![1].body as string)).toEqual({ receipt: '1234567890123456' })
    expect(JSON.parse(calls[1]![1].body as string)).toEqual({ receipt: '1234567890123456', body: 'more' })
    for (const [url] of calls) expect(url).not.toContain('1234')
  })

  it('turns a refusal into a TipProblem with its field errors', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply({ status: 422, code: 'validation_failed', detail: 'bad', errors: [{ field: 'body.photos.1', reason: 'not an image' }] }, 422)))
    const error = await publicApi.submit({ category: 'fire', description: 'x'.repeat(12), facility_id: null, location: 'here', contact: '', contact_consent: false, photos: [] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TipProblem)
    expect((error as TipProblem).status).toBe(422)
    expect(fieldOf((error as TipProblem).errors[0]!.field)).toBe('photos')
  })

  it('leaves empty optional fields out of the form and sends consent only with a contact', () => {
    const photo = new File(['x'], 'a.png', { type: 'image/png' })
    const bare = tipForm({ category: 'food', description: ' spoiled food served ', facility_id: 'f1', location: ' ', contact: '', contact_consent: true, photos: [photo] })
    expect([...bare.keys()]).toEqual(['category', 'description', 'facility_id', 'photos'])
    expect(bare.get('description')).toBe('spoiled food served')
    const withContact = tipForm({ category: 'food', description: 'spoiled food served', facility_id: null, location: 'Road 1', contact: '138', contact_consent: true, photos: [] })
    expect(withContact.get('contact')).toBe('138')
    expect(withContact.get('contact_consent')).toBe('true')
  })

  it('reads receipts with spaces or dashes and groups them 4-4-4-4', () => {
    expect(isReceipt('1234 5678 9012 3456')).toBe(true)
    expect(isReceipt('1234-5678-9012-345')).toBe(false)
    expect(isReceipt('12345678901234ab')).toBe(false)
    expect(groupReceipt('1234567890123456')).toEqual(['1234', '5678', '9012', '3456'])
  })
})
