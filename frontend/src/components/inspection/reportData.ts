/** Count rows of the survey report (`ClassCount[]`, `HazardCount[]`) or a plain map of counts, read loosely. */
export type Counts = Record<string, number> | Record<string, unknown>[]

/** A count map from either shape the report may use: `{pass: 3}` or `[{key: 'pass', count: 3}]`. */
export function countEntries(counts: Counts | null | undefined): [string, number][] {
  if (!counts) return []
  if (Array.isArray(counts)) {
    return counts.map((row) => {
      const key = String(row.key || row.klass || row.class || row.department || row.category || row.severity || row.name || '')
      return [key, Number(row.count ?? row.total ?? row.decided ?? row.value ?? 0)] as [string, number]
    })
  }
  return Object.entries(counts).map(([key, value]) => [key, Number(value) || 0])
}

/**
 * What the rules suggest per class, from `facilities_by_class` (`[{klass, suggested, decided}]`): shutdown, suspend,
 * pass and not_inspected, following the ledger's current states and the survey's coverage.
 */
export function suggestedEntries(counts: Counts | null | undefined): [string, number][] {
  if (!Array.isArray(counts)) return []
  return counts
    .filter((row) => typeof row.suggested === 'number')
    .map((row) => [String(row.klass ?? row.key), Number(row.suggested)] as [string, number])
}

/** Decided classes per `facilities_by_class` row (not_inspected is never decided, so it is left out). */
export function decidedEntries(counts: Counts | null | undefined): [string, number][] {
  return countEntries(counts).filter(([key]) => key !== 'not_inspected')
}

export function sum(entries: [string, number][]): number {
  return entries.reduce((total, [, n]) => total + n, 0)
}

/** The column keys of a list of rows (first-seen order), leaving out ids. */
export function columnsOf(rows: Record<string, unknown>[]): string[] {
  const seen: string[] = []
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.includes(key) && !key.endsWith('_id')) seen.push(key)
  return seen
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.join('、')
  if (typeof value === 'number' && !Number.isInteger(value) && value >= 0 && value <= 1) return `${Math.round(value * 100)}%`
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
