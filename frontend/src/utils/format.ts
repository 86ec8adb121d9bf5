import { chinaDateTime } from './chinaTime'

/** Date-time for tables in China time, whatever the browser's zone, minutes precision ("2026-03-01 09:30"). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return chinaDateTime(date)
}

export function orDash(value: unknown): string {
  return value === null || value === undefined || value === '' ? '—' : String(value)
}

/** Date only ("2026-03-01"), China time. */
export function formatDate(value: string | null | undefined): string {
  return formatDateTime(value).slice(0, 10)
}
