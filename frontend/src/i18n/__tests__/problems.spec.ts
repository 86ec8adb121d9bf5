import { describe, expect, it } from 'vitest'
import zhCN from '../zh-CN'
import { tipRefusal } from '@/views/tips/tipRules'
import { ApiProblem } from '@/api/http'

describe('problem reasons', () => {
  it('are not shadowed by a screen table of the same code (it would hide the reason sentence)', () => {
    const screenTables: Record<string, Record<string, string>> = { tips: zhCN.tips.codes }
    const shadowed = Object.keys(zhCN.errors.reasons).flatMap((code) =>
      Object.entries(screenTables).filter(([, table]) => code in table).map(([screen]) => `${screen}.codes.${code}`))
    expect(shadowed).toEqual([])
  })

  it('reach the tip screens: a refused reward proposal reads its reason in Chinese', () => {
    const refusal = new ApiProblem({ status: 409, code: 'reward_not_eligible', reason: 'not_verified', title: 'Conflict',
                                     detail: 'Tip T2026-0001: Only a verified tip may be rewarded.' })
    expect(tipRefusal(refusal)).toBe('只有核查属实的举报才能申报奖励。')
  })
})

describe('problem codes (issue 11)', () => {
  it('each code of problems/*.json reads in the UI language, in zh-CN and en', async () => {
    const { PROBLEM_DOMAINS } = await import('../problems')
    const { problemMessage } = await import('@/utils/notify')
    const { i18n } = await import('@/i18n')
    const codes = Object.values(PROBLEM_DOMAINS).flatMap((domain) => Object.entries(domain))
    expect(codes.length).toBeGreaterThan(150)
    for (const locale of ['zh-CN', 'en'] as const) {
      i18n.global.locale.value = locale
      for (const [code, text] of codes) {
        const problem = new ApiProblem({ status: 409, code, title: 'Conflict', detail: 'English server detail' })
        expect(problemMessage(problem)).toBe(text[locale])
      }
    }
    i18n.global.locale.value = 'zh-CN'
  })

  it('a code is worded in one domain file only', async () => {
    const { PROBLEM_DOMAINS } = await import('../problems')
    const seen = Object.values(PROBLEM_DOMAINS).flatMap((domain) => Object.keys(domain))
    expect(seen.length).toBe(new Set(seen).size)
  })
})
