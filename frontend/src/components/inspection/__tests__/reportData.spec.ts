import { describe, expect, it } from 'vitest'
import { cellText, columnsOf, countEntries, decidedEntries, suggestedEntries, sum } from '../reportData'

describe('report data', () => {
  it('reads counts as a map or as a list', () => {
    expect(countEntries({ pass: 3, suspend: 1 })).toEqual([['pass', 3], ['suspend', 1]])
    expect(countEntries([{ key: 'fire', count: 2 }, { key: 'food', count: 5 }])).toEqual([['fire', 2], ['food', 5]])
    expect(countEntries([{ key: '', department: 'fire', count: 2 } as never])).toEqual([['fire', 2]])
    expect(countEntries([{ klass: 'suspend', suggested: 2, decided: 1 } as never])).toEqual([['suspend', 1]])
    expect(countEntries([{ key: 'fire', total: 4, major: 1 } as never])).toEqual([['fire', 4]])
    expect(countEntries(null)).toEqual([])
    expect(sum(countEntries({ a: 1, b: 2 }))).toBe(3)
  })

  it('reads the suggested classes (not_inspected among them) apart from the decided ones', () => {
    const rows = [
      { klass: 'shutdown', suggested: 1, decided: 1 },
      { klass: 'suspend', suggested: 0, decided: 0 },
      { klass: 'pass', suggested: 2, decided: 0 },
      { klass: 'not_inspected', suggested: 3, decided: 0 },
    ] as never
    expect(suggestedEntries(rows)).toEqual([['shutdown', 1], ['suspend', 0], ['pass', 2], ['not_inspected', 3]])
    expect(decidedEntries(rows)).toEqual([['shutdown', 1], ['suspend', 0], ['pass', 0]])
    expect(suggestedEntries({ pass: 1 })).toEqual([])
  })

  it('lists columns without ids and formats cells', () => {
    expect(columnsOf([{ area_code: '1', facility_id: 'x', facilities: 2 }, { hazards: 1 }])).toEqual(['area_code', 'facilities', 'hazards'])
    expect(cellText(null)).toBe('—')
    expect(cellText(['fire', 'food'])).toBe('fire、food')
    expect(cellText(0.5)).toBe('50%')
    expect(cellText(3)).toBe('3')
  })
})
