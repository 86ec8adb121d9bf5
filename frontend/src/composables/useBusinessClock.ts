/**
 * The platform's business clock, in China time. Every "today" the SPA uses (defaults, overdue marks, the
 * calendar's year) comes from here, never from the browser's own clock or zone: in development the platform's
 * clock can be moved (`make advance DAYS=n`; `GET /api/clock` → `{now, offset_days, offset_seconds, moved}`), and
 * a browser may sit in any time zone while deadlines are China dates.
 *
 * One shared state for the whole SPA: the offset is learnt from the gateway (every minute and when the window
 * regains focus, while the layout is shown) and applied to the browser's clock, so "now" keeps running between
 * polls. Plain functions (`businessNow`, `chinaToday`, …) read it outside components too.
 */
import { computed, readonly, ref } from 'vue'
import { request } from '@/api/http'
import type { Schemas } from '@/api/types'
import { chinaDate, chinaDateTime } from '@/utils/chinaTime'
import { usePolling } from './usePolling'

export { addDays, chinaDate, chinaDateTime } from '@/utils/chinaTime'

/** The business clock as the gateway reports it (`GET /api/clock`). */
export type ClockStatus = Schemas['ClockStatus']

export const CLOCK_POLL_MS = 60_000

const offsetMs = ref(0)
const moved = ref(false)
// Bumped on each poll so that computed "now" values are refreshed at least once a minute.
const tick = ref(0)

/** Take what the gateway said (exported for tests and for callers that already have a status). */
export function applyClockStatus(status: ClockStatus): void {
  offsetMs.value = Math.round(status.offset_seconds * 1000)
  moved.value = status.moved || status.offset_seconds !== 0
  tick.value += 1
}

/** Ask the gateway for the business clock; a failure keeps the last offset. */
export async function refreshClock(): Promise<void> {
  try {
    applyClockStatus(await request<ClockStatus>('/clock', { anonymous: true }))
  } catch {
    /* keep the last known offset: the next poll tries again */
  }
}

/** The business "now" (the browser's clock moved by the platform's offset). */
export function businessNow(): Date {
  return new Date(Date.now() + offsetMs.value)
}

/** Today in China on the business clock (deadlines and "today" defaults). */
export function chinaToday(): string {
  return chinaDate(businessNow())
}

/** This year in China on the business clock. */
export function chinaYear(): number {
  return Number(chinaToday().slice(0, 4))
}

/**
 * For components: the shared state, and (with `poll`) keeping it fresh every minute and on focus. The layout
 * polls; other components only read.
 */
export function useBusinessClock(options: { poll?: boolean } = {}) {
  if (options.poll) usePolling(refreshClock, CLOCK_POLL_MS)
  const simulatedNow = computed(() => {
    void tick.value
    return chinaDateTime(new Date(Date.now() + offsetMs.value))
  })
  return {
    moved: readonly(moved),
    offsetMs: readonly(offsetMs),
    simulatedNow,
    refresh: refreshClock,
    now: businessNow,
    today: chinaToday,
  }
}
