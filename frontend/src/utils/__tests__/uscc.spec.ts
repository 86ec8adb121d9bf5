import { describe, expect, it } from 'vitest'
import { isValidUscc, normalizeUscc, usccCheckChar, usccProblem, USCC_CHARSET } from '../uscc'

// From deploy/demo/district.json (generated with valid check characters) and a commonly published real code.
const VALID = ['52999001A4C123B10F', '52999001D1371C171W', '529990019536B32124', '52999001EB9757293T', '91350100M000100Y43']

describe('USCC check character (GB 32100-2015)', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(usccProblem(code)).toBeNull()
    expect(isValidUscc(code)).toBe(true)
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17])
  })

  it('rejects every other check character', () => {
    const code = VALID[0]!
    for (const ch of USCC_CHARSET) {
      if (ch === code[17]) continue
      expect(usccProblem(code.slice(0, 17) + ch)).toBe('check')
    }
  })

  it('writes a remainder of 0 (31 − 0 = 31) as "0"', () => {
    // Find a 17-character body whose weighted sum is divisible by 31 by adjusting the last digit.
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    const stem = '9135010000000000'
    const partial = [...stem].reduce((sum, ch, i) => sum + USCC_CHARSET.indexOf(ch) * weights[i]!, 0)
    const last = USCC_CHARSET[[...Array(31).keys()].find((v) => (partial + v * 28) % 31 === 0)!]!
    expect(usccCheckChar(stem + last)).toBe('0')
  })

  it('names what is wrong', () => {
    expect(usccProblem('')).toBe('empty')
    expect(usccProblem('   ')).toBe('empty')
    expect(usccProblem(null)).toBe('empty')
    expect(usccProblem('52999001A4C123B1')).toBe('length')
    expect(usccProblem('52999001A4C123B10FF')).toBe('length')
    // I, O, Z, S, V are not in the charset.
    expect(usccProblem('52999001A4C123BI0F')).toBe('charset')
    expect(usccProblem('52999001A4C123B10O')).toBe('charset')
  })

  it('normalises case and whitespace like the server', () => {
    expect(normalizeUscc('  52999001a4c123b10f ')).toBe('52999001A4C123B10F')
    expect(isValidUscc(' 52999001a4c123b10f')).toBe(true)
  })

  it('returns null for a body with a character outside the charset', () => {
    expect(usccCheckChar('52999001A4C123BI0')).toBeNull()
    expect(usccCheckChar('short')).toBeNull()
  })
})
