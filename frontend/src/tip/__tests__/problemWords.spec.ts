import { afterEach, describe, expect, it } from 'vitest'
import { locale, problemWords } from '../i18n'

describe('the tip page words problems by code (issue 11)', () => {
  afterEach(() => {
    locale.value = 'zh-CN'
  })

  it('reads a refusal in the page language, not the server English', () => {
    expect(problemWords('contact_consent_required')).toBe('留下联系方式须同意用于核实和奖励。')
    locale.value = 'en'
    expect(problemWords('contact_consent_required')).toBe('Leaving a contact needs your consent to its use.')
    expect(problemWords('a_code_of_tomorrow')).toBe('')
  })
})
