/** Date-time for tables: local time, minutes precision ("2026-03-01 09:30"). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function orDash(value: unknown): string {
  return value === null || value === undefined || value === '' ? '—' : String(value)
}

/** Date only ("2026-03-01"), local time. */
export function formatDate(value: string | null | undefined): string {
  return formatDateTime(value).slice(0, 10)
}
