import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiProblem } from '@/api/http'
import { i18n } from '@/i18n'
import { problemMessage } from '../notify'

describe('problemMessage', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('reads a known refusal in the UI language, not the server English', () => {
    const problem = new ApiProblem({ status: 409, code: 'residents_not_relocated', title: 'Conflict',
                                     detail: 'Every resident must be relocated first (3 remain).' })
    expect(problemMessage(problem)).toBe('仍有老人未安置，不能停业或关停。')
    i18n.global.locale.value = 'en'
    expect(problemMessage(problem)).toContain('not relocated')
  })

  it('falls back to the server sentence, then to the status', () => {
    expect(problemMessage(new ApiProblem({ status: 409, code: 'something_new', title: 'Conflict', detail: 'Said by the server.' })))
      .toBe('Said by the server.')
    expect(problemMessage(new ApiProblem({ status: 404, title: 'Not Found' }))).toBe('记录不存在或不在您的管辖范围内')
  })

  describe('with a reason sub-code', () => {
    // The reasons the inspection service refuses a reward with: the keys of its REFUSAL_DETAILS.
    const rules = readFileSync(resolve(__dirname, '../../../../services/inspection/eldersafe_inspection/tipoffs/rewards/rules.py'), 'utf8')
    const details = /REFUSAL_DETAILS[^{]*\{([\s\S]*?)\n\}/.exec(rules)?.[1] ?? ''
    const REASONS = [...details.matchAll(/^ {4}([A-Z_]+):/gm)].map(([, name]) => new RegExp(`^${name} = "(\\w+)"`, 'm').exec(rules)?.[1])

    it('knows the five reasons the server sends', () => {
      expect([...REASONS].sort()).toEqual(['duplicate', 'no_contact', 'no_major_hazard', 'not_first_reporter', 'not_verified'])
    })

    const refusal = (reason: string, code = 'reward_not_eligible') =>
      new ApiProblem({ status: 409, code, reason, title: 'Conflict', detail: `Tip T2026-0001: server words (${reason})` })

    it('reads every reward refusal the server sends in both languages, each its own sentence', () => {
      for (const locale of ['zh-CN', 'en'] as const) {
        i18n.global.locale.value = locale
        const sentences = REASONS.map((reason) => problemMessage(refusal(reason ?? '')))
        expect(sentences.filter((s) => s.includes('server words'))).toEqual([])
        expect(new Set(sentences).size).toBe(REASONS.length)
      }
    })

    it('prefers code.reason, then the code, then the server sentence', () => {
      expect(problemMessage(refusal('no_contact'))).toBe('举报人未留下同意使用的联系方式，奖励无法发放。')
      expect(problemMessage(refusal('some_new_reason'))).toBe('该举报不符合奖励条件。')
      expect(problemMessage(refusal('no_contact', 'some_new_code'))).toBe('Tip T2026-0001: server words (no_contact)')
      i18n.global.locale.value = 'en'
      expect(problemMessage(refusal('not_verified'))).toBe('Only a verified tip may be rewarded.')
      expect(problemMessage(refusal('some_new_reason'))).toBe('This tip is not eligible for a reward.')
    })

    it('looks a reason up under its own code only', () => {
      expect(problemMessage(refusal('no_contact', 'version_conflict'))).toBe('记录已被他人修改，请刷新后重试。')
      // every code the API can answer is worded (issue 11): the code's own sentence, not the reason of another
      expect(problemMessage(refusal('no_contact', 'tip_not_open'))).toBe('该举报已不在可分办状态。')
    })
  })
})
