import { describe, expect, it } from 'vitest'
import { entriesFromJson, entriesToText, parseYear } from '../calendarYear'

describe('a year\'s arrangement as text (issue 11)', () => {
  it('reads days, ranges, 休/班 and notes, skipping comments', () => {
    const parsed = parseYear('# 通知\n2027-01-01 holiday 元旦\n\n2027-02-06..2027-02-12 休 春节\n2027-02-14 班 春节调休', 2027)
    expect(parsed.problems).toEqual([])
    expect(parsed.entries).toEqual([
      { start: '2027-01-01', end: null, kind: 'holiday', note: '元旦' },
      { start: '2027-02-06', end: '2027-02-12', kind: 'holiday', note: '春节' },
      { start: '2027-02-14', end: null, kind: 'workday', note: '春节调休' },
    ])
    expect([parsed.holidays, parsed.workdays]).toEqual([8, 1])
  })

  it('names each bad line and why', () => {
    const text = ['2027-02-30 holiday', '2027-03-05..2027-03-01 holiday', '2027-04-04 vacation', '2028-01-01 holiday',
                  'nonsense', '2027-01-01 holiday', '2027-01-01 workday', '2027-05-01..2027-06-30 holiday'].join('\n')
    expect(parseYear(text, 2027).problems).toEqual([
      { row: 1, reason: 'date' }, { row: 2, reason: 'order' }, { row: 3, reason: 'kind' }, { row: 4, reason: 'outside' },
      { row: 5, reason: 'format' }, { row: 7, reason: 'duplicate', other: 6 }, { row: 8, reason: 'tooLong' },
    ])
  })

  it('takes a JSON upload as entries and shows it as lines', () => {
    const entries = entriesFromJson('{"entries": [{"start": "2027-02-06", "end": "2027-02-12", "kind": "holiday", "note": "春节"}]}')
    expect(entries && entriesToText(entries)).toBe('2027-02-06..2027-02-12 holiday 春节')
    expect(entriesFromJson('[{"start": "2027-10-01", "kind": "holiday"}]')).toHaveLength(1)
    expect(entriesFromJson('{"days": []}')).toBeNull()
    expect(entriesFromJson('not json')).toBeNull()
  })
})
