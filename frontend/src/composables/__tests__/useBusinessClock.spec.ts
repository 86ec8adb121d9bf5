import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  addDays,
  applyClockStatus,
  businessNow,
  chinaDate,
  chinaToday,
  chinaYear,
  refreshClock,
  useBusinessClock,
} from '../useBusinessClock'
import { formatDate, formatDateTime } from '@/utils/format'
import { chinaToday as rulesToday, daysLeft } from '@/components/rectification/rules'

const DAY = 86_400_000
const REAL_TZ = process.env.TZ

afterEach(() => {
  applyClockStatus({ now: '', offset_days: 0, offset_seconds: 0, moved: false })
  vi.useRealTimers()
  vi.unstubAllGlobals()
  process.env.TZ = REAL_TZ
})

describe('the business clock (issue 11)', () => {
  it('"today" is the China date of the moved business clock, not the browser clock', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-31T15:30:00Z')) // 23:30 on 31 December in China
    expect(chinaToday()).toBe('2026-12-31')
    applyClockStatus({ now: '', offset_days: 0.25, offset_seconds: 21_600, moved: true })
    expect(chinaToday()).toBe('2027-01-01') // six hours later in China is the new year
    expect(chinaYear()).toBe(2027)
    expect(businessNow().getTime()).toBe(new Date('2026-12-31T21:30:00Z').getTime())
    // every "today" of the screens follows it: the ledger's deadline arithmetic too
    expect(rulesToday()).toBe('2027-01-01')
    expect(daysLeft('2027-01-03')).toBe(2)
  })

  it('the composable says when the clock is moved and shows the simulated China time', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-05-01T00:00:00Z'))
    const clock = useBusinessClock()
    expect(clock.moved.value).toBe(false)
    applyClockStatus({ now: '', offset_days: 10, offset_seconds: 10 * 86_400, moved: true })
    expect(clock.moved.value).toBe(true)
    expect(clock.simulatedNow.value).toBe('2026-05-11 08:00')
    expect(clock.offsetMs.value).toBe(10 * DAY)
  })

  it('reads GET /api/clock without a token and keeps the last offset when the gateway fails', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(
      { now: '2026-05-11T08:00:00+08:00', offset_days: 3, offset_seconds: 259_200, moved: true }),
    { status: 200, headers: { 'Content-Type': 'application/json' } }))
    vi.stubGlobal('fetch', fetchMock)
    await refreshClock()
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/clock')
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined()
    expect(useBusinessClock().offsetMs.value).toBe(3 * DAY)
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('offline') }))
    await refreshClock()
    expect(useBusinessClock().offsetMs.value).toBe(3 * DAY)
  })

  it('dates and times are shown in China time whatever the browser zone', () => {
    process.env.TZ = 'America/New_York'
    expect(new Date('2026-03-01T17:30:00Z').getHours()).toBe(12) // the browser's own zone is not China's
    expect(formatDateTime('2026-03-01T17:30:00Z')).toBe('2026-03-02 01:30')
    expect(formatDate('2026-03-01T17:30:00+00:00')).toBe('2026-03-02')
    expect(chinaDate(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01')
    expect(addDays('2027-02-26', 3)).toBe('2027-03-01')
  })
})
