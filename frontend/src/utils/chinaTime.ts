/**
 * China time (UTC+8, no daylight saving) whatever the browser's zone: what the platform shows and what its dates
 * mean. No imports, so the public tip bundle can use it too.
 */
const CHINA_OFFSET_MS = 8 * 3600_000

const pad = (n: number) => String(n).padStart(2, '0')

function chinaParts(at: Date): Date {
  // A Date whose UTC fields read China's wall clock.
  return new Date(at.getTime() + CHINA_OFFSET_MS)
}

/** YYYY-MM-DD of ``at`` in China. */
export function chinaDate(at: Date): string {
  const c = chinaParts(at)
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}`
}

/** YYYY-MM-DD HH:MM of ``at`` in China. */
export function chinaDateTime(at: Date): string {
  const c = chinaParts(at)
  return `${chinaDate(at)} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`
}

/** ``days`` after ``day`` (YYYY-MM-DD), as YYYY-MM-DD (calendar days, no zone involved). */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`)
  at.setUTCDate(at.getUTCDate() + days)
  return at.toISOString().slice(0, 10)
}
