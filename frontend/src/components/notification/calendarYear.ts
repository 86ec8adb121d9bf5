/**
 * A year's holiday arrangement as an admin pastes it (rules/years.py on the server has the same rules and
 * answers 422 naming the line): one entry a line, `YYYY-MM-DD[..YYYY-MM-DD] holiday|workday|休|班 [note]`,
 * `#` comments and blank lines ignored. Checked here first so each problem reads in the UI's language.
 */
import type { CalendarYearEntry } from '@/api/notification'

export const KINDS: Record<string, 'holiday' | 'workday'> = { holiday: 'holiday', workday: 'workday', 休: 'holiday', 班: 'workday' }
export const MAX_RANGE_DAYS = 31
const LINE = /^(\S+?)(?:\.\.(\S+))?\s+(\S+)(?:\s+(.*))?$/

export type LineReason = 'format' | 'date' | 'kind' | 'order' | 'tooLong' | 'outside' | 'duplicate' | 'note'

export interface LineProblem {
  row: number
  reason: LineReason
  /** the earlier line a duplicate day was given on */
  other?: number
}

export interface ParsedYear {
  entries: CalendarYearEntry[]
  problems: LineProblem[]
  holidays: number
  workdays: number
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

function daysOf(start: string, end: string): string[] {
  const days: string[] = []
  const at = new Date(`${start}T00:00:00Z`)
  const last = new Date(`${end}T00:00:00Z`)
  while (at <= last) {
    days.push(at.toISOString().slice(0, 10))
    at.setUTCDate(at.getUTCDate() + 1)
  }
  return days
}

/** The entries of ``text`` for ``year``, and every line's problem (none: ready to send). */
export function parseYear(text: string, year: number): ParsedYear {
  const entries: CalendarYearEntry[] = []
  const problems: LineProblem[] = []
  const seen = new Map<string, number>()
  let holidays = 0
  let workdays = 0
  text.split(/\r?\n/).forEach((raw, index) => {
    const row = index + 1
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const match = LINE.exec(line)
    if (!match) return void problems.push({ row, reason: 'format' })
    const [, start, endText, kindText, noteText] = match
    const end = endText ?? start
    const note = (noteText ?? '').trim()
    if (!isDate(start) || !isDate(end)) return void problems.push({ row, reason: 'date' })
    const kind = KINDS[kindText]
    if (!kind) return void problems.push({ row, reason: 'kind' })
    if (note.length > 200) return void problems.push({ row, reason: 'note' })
    if (end < start) return void problems.push({ row, reason: 'order' })
    const days = daysOf(start, end)
    if (days.length > MAX_RANGE_DAYS) return void problems.push({ row, reason: 'tooLong' })
    if (!start.startsWith(`${year}-`) || !end.startsWith(`${year}-`)) return void problems.push({ row, reason: 'outside' })
    const repeated = days.find((day) => seen.has(day))
    if (repeated) return void problems.push({ row, reason: 'duplicate', other: seen.get(repeated) })
    for (const day of days) seen.set(day, row)
    if (kind === 'holiday') holidays += days.length
    else workdays += days.length
    entries.push({ start, end: endText ? end : null, kind, note: note || null })
  })
  return { entries, problems, holidays, workdays }
}

/** A JSON upload as entries: a list of {start, end?, kind, note?}, or an object holding one as `entries`. */
export function entriesFromJson(text: string): CalendarYearEntry[] | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  const list = Array.isArray(value) ? value : (value as { entries?: unknown } | null)?.entries
  if (!Array.isArray(list)) return null
  return list.every((item) => item && typeof item === 'object' && typeof (item as CalendarYearEntry).start === 'string')
    ? (list as CalendarYearEntry[])
    : null
}

/** Entries written back as lines, so a JSON upload is shown (and checked) like pasted text. */
export function entriesToText(entries: CalendarYearEntry[]): string {
  return entries.map((e) => [e.end ? `${e.start}..${e.end}` : e.start, e.kind, e.note ?? ''].join(' ').trim()).join('\n')
}
