import { describe, expect, it } from 'vitest'
import { fromQuery, toApiQuery, toRouteQuery } from '../ledgerQuery'

describe('ledger filters in the URL', () => {
  it('reads a URL, ignoring values the server would refuse', () => {
    const filters = fromQuery({ state: 'bogus', severity: 'major', page: '-3', page_size: '7', deadline_from: '2026-06-01' })
    expect(filters.state).toBe('')
    expect(filters.severity).toBe('major')
    expect(filters.page).toBe(1)
    expect(filters.page_size).toBe(20)
    expect(filters.deadline).toEqual([])
  })

  it('round-trips through the URL without defaults, and sends the deepest area to the API', () => {
    const query = { q: 'exit', area: '999001001,999001001002', deadline_from: '2026-06-01', deadline_to: '2026-06-30', page: '2', overdue: 'true', escalated: 'true' }
    const filters = fromQuery(query)
    expect(toRouteQuery(filters)).toEqual(query)
    expect(toApiQuery(filters)).toMatchObject({ area_code: '999001001002', deadline_from: '2026-06-01', deadline_to: '2026-06-30', overdue: true, escalated: true })
    expect(toRouteQuery(fromQuery({}))).toEqual({})
  })
})
