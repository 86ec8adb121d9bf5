import { afterEach, describe, expect, it, vi } from 'vitest'
import { configureAuth } from '../http'
import { hazardQuery, rectificationApi } from '../rectification'
import { registryApi } from '../registry'

function ok(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

type Call = [string, RequestInit]

describe('rectification client', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    configureAuth(null)
  })

  it('lists the ledger with only the filters that are set', async () => {
    const fetchMock = vi.fn(async () => ok({ items: [], total: 0, page: 1, page_size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    await rectificationApi.hazards({ overdue: true, severity: 'major', q: '', department: undefined, sort: '-deadline', page: 2 })
    const [url] = (fetchMock.mock.calls as unknown as Call[])[0]!
    expect(url).toBe('/api/rectification/hazards?overdue=true&severity=major&sort=-deadline&page=2')
  })

  it('exports without page parameters and sends the token', async () => {
    configureAuth({
      getAccessToken: () => 'tok',
      getRefreshToken: () => null,
      onRefreshed: () => undefined,
      onSessionExpired: () => undefined,
    })
    const fetchMock = vi.fn(
      async () =>
        new Response('xlsx', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="ledger.xlsx"' } }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const file = await rectificationApi.exportHazards({ state: 'open', page: 3, page_size: 50 } as never)
    const [url, init] = (fetchMock.mock.calls as unknown as Call[])[0]!
    expect(url).toBe('/api/rectification/hazards/export?state=open')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok')
    expect(file.filename).toBe('ledger.xlsx')
  })

  it('follows the design paths for the state machine, evidence and extensions', async () => {
    const fetchMock = vi.fn(async () => ok({ id: 'x' }))
    vi.stubGlobal('fetch', fetchMock)
    await rectificationApi.start('h1')
    await rectificationApi.uploadEvidence('h1', new Blob(['x'], { type: 'image/png' }), 'a.png', 'done')
    await rectificationApi.submit('h1', '')
    await rectificationApi.accept('h1', 'fine')
    await rectificationApi.reject('h1', 'no photo of the exit')
    await rectificationApi.signOff('h1')
    await rectificationApi.requestExtension('h1', { new_deadline: '2026-09-01', reason: 'parts' })
    await rectificationApi.decideExtension('h1', 'x1', true)
    await rectificationApi.decideExtension('h1', 'x1', false, 'no')
    await rectificationApi.updateHazard('h1', { measures: 'm', version: 3 })
    const calls = fetchMock.mock.calls as unknown as Call[]
    const seen = calls.map(([url, init]) => `${init.method} ${url}`)
    expect(seen).toEqual([
      'POST /api/rectification/hazards/h1/start',
      'POST /api/rectification/hazards/h1/evidence',
      'POST /api/rectification/hazards/h1/submit',
      'POST /api/rectification/hazards/h1/accept',
      'POST /api/rectification/hazards/h1/reject',
      'POST /api/rectification/hazards/h1/sign-off',
      'POST /api/rectification/hazards/h1/extensions',
      'POST /api/rectification/hazards/h1/extensions/x1/approve',
      'POST /api/rectification/hazards/h1/extensions/x1/reject',
      'PATCH /api/rectification/hazards/h1',
    ])
    const form = calls[1]![1].body as FormData
    expect(form.get('note')).toBe('done')
    expect((form.get('file') as File).name).toBe('a.png')
    expect(JSON.parse(calls[2]![1].body as string)).toEqual({ note: null })
    expect(JSON.parse(calls[4]![1].body as string)).toEqual({ reason: 'no photo of the exit' })
    expect(JSON.parse(calls[8]![1].body as string)).toEqual({ note: 'no' })
  })

  it('issues, lists and closes supervision orders and fetches the printable pages', async () => {
    const fetchMock = vi.fn(async () => ok({ items: [], total: 0, page: 1, page_size: 20 }))
    vi.stubGlobal('fetch', fetchMock)
    await rectificationApi.supervisionOrders({ state: 'open' })
    await rectificationApi.issueOrder({
      hazard_ids: ['a'],
      level: 'city',
      supervisor_name: 'S',
      deadline: '2026-09-01',
      requirements: 'r',
    })
    await rectificationApi.closeOrder('o1')
    await rectificationApi.orderDocument('o1')
    await rectificationApi.rectificationNotice('f1')
    const seen = (fetchMock.mock.calls as unknown as Call[]).map(([url, init]) => `${init.method} ${url}`)
    expect(seen).toEqual([
      'GET /api/rectification/supervision-orders?state=open',
      'POST /api/rectification/supervision-orders',
      'POST /api/rectification/supervision-orders/o1/close',
      'GET /api/rectification/supervision-orders/o1/document.html',
      'GET /api/rectification/facilities/f1/rectification-notice.html',
    ])
  })

  it('follows the contract paths for policies, plans and relocation (relocation writes go to the registry)', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.includes('/suggestions') ? ok({ facility_id: 'f1', items: [{ facility_id: 'f9' }] }) : ok({ id: 'x' }),
    )
    vi.stubGlobal('fetch', fetchMock)
    await rectificationApi.putFollowUpPolicy('c1', { delay_days: 30, monthly_sample_percent: 10 })
    await rectificationApi.plans({ campaign_id: 'c1', state: 'draft', page: 2 })
    await rectificationApi.putPlan('f1', {
      decision: 'suspend', measures: 'm', milestones: [], relocation_plan: null, cooperation: 'cooperative',
      support_measures: 's', enforcement_measures: null, version: 3,
    })
    await rectificationApi.markMilestone('f1', 2, true)
    await rectificationApi.approvePlan('f1')
    await rectificationApi.relocation('f1')
    const suggestions = await rectificationApi.relocationSuggestions('f1')
    await registryApi.relocate('f1', 'r1', { destination_kind: 'hospital', destination: 'District hospital', moved_on: '2026-11-30', confirmed_by_name: 'Zhang' })
    await registryApi.changeStatus('f1', 'suspended', 'all moved')
    const calls = fetchMock.mock.calls as unknown as Call[]
    expect(calls.map(([url, init]) => `${init.method} ${url}`)).toEqual([
      'PUT /api/rectification/campaigns/c1/follow-up-policy',
      'GET /api/rectification/plans?campaign_id=c1&state=draft&page=2',
      'PUT /api/rectification/facilities/f1/plan',
      'POST /api/rectification/facilities/f1/plan/milestones/2/done',
      'POST /api/rectification/facilities/f1/plan/approve',
      'GET /api/rectification/facilities/f1/relocation',
      'GET /api/rectification/facilities/f1/relocation/suggestions?limit=10',
      'POST /api/registry/facilities/f1/residents/r1/relocate',
      'POST /api/registry/facilities/f1/status',
    ])
    expect(JSON.parse(calls[3]![1].body as string)).toEqual({ done: true })
    expect(JSON.parse(calls[4]![1].body as string)).toEqual({ note: null })
    expect(suggestions).toEqual([{ facility_id: 'f9' }])
  })

  it('hazardQuery drops empty values', () => {
    expect(hazardQuery({ q: '', overdue: false, facility_id: 'f' })).toEqual({ overdue: false, facility_id: 'f' })
  })
})
