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
})
