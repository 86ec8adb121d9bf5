/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters from a 31-character charset (no I, O, Z, S, V); the 18th is a check character:
 * check = 31 − (Σ value(cᵢ) × wᵢ mod 31), with 31 written as 0.
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

export type UsccProblem = 'empty' | 'length' | 'charset' | 'check'

/** The check character for the first 17 characters, or null when one is outside the charset. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i))
    if (value < 0) return null
    sum += value * USCC_WEIGHTS[i]!
  }
  const check = 31 - (sum % 31)
  return USCC_CHARSET.charAt(check === 31 ? 0 : check)
}

/** Normalise (trim, upper-case) like the server does. */
export function normalizeUscc(value: string): string {
  return value.trim().toUpperCase()
}

/** What is wrong with a USCC, or null when it is valid. */
export function usccProblem(value: string | null | undefined): UsccProblem | null {
  const code = normalizeUscc(value ?? '')
  if (!code) return 'empty'
  if (code.length !== 18) return 'length'
  for (const ch of code) if (!USCC_CHARSET.includes(ch)) return 'charset'
  if (usccCheckChar(code.slice(0, 17)) !== code.charAt(17)) return 'check'
  return null
}

export function isValidUscc(value: string | null | undefined): boolean {
  return usccProblem(value) === null
}
