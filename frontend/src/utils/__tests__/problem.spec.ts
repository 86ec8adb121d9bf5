import { describe, expect, it } from 'vitest'
import { fieldPath, problemToFormErrors } from '../problem'

describe('fieldPath', () => {
  it('drops the location and keeps the nested path', () => {
    expect(fieldPath('body.uscc')).toBe('uscc')
    expect(fieldPath('body.building.floors')).toBe('building.floors')
    expect(fieldPath('query.page')).toBe('page')
    expect(fieldPath('uscc')).toBe('uscc')
    expect(fieldPath('body')).toBe('body')
    expect(fieldPath('')).toBe('')
  })
})

describe('problemToFormErrors', () => {
  const PROPS = ['name', 'uscc', 'building.floors', 'building.year_built', 'subdistrict_code']

  it('maps server fields onto form props', () => {
    const { fields, unmatched } = problemToFormErrors(
      [
        { field: 'body.uscc', reason: 'check character does not match (GB 32100-2015)' },
        { field: 'body.building.floors', reason: 'Input should be greater than 0' },
      ],
      PROPS,
    )
    expect(fields).toEqual({
      uscc: 'check character does not match (GB 32100-2015)',
      'building.floors': 'Input should be greater than 0',
    })
    expect(unmatched).toEqual([])
  })

  it('keeps the first message per field', () => {
    const { fields } = problemToFormErrors(
      [
        { field: 'body.name', reason: 'first' },
        { field: 'body.name', reason: 'second' },
      ],
      PROPS,
    )
    expect(fields.name).toBe('first')
  })

  it('falls back to the nearest known ancestor', () => {
    const { fields } = problemToFormErrors([{ field: 'body.building.year_built.gt', reason: 'too early' }], PROPS)
    expect(fields).toEqual({ 'building.year_built': 'too early' })
  })

  it('reports fields that match no form prop', () => {
    const unknown = { field: 'body.readiness.notes', reason: 'Extra inputs are not permitted' }
    const body = { field: 'body', reason: 'Field required' }
    const { fields, unmatched } = problemToFormErrors([unknown, body, { field: 'body.name', reason: 'too long' }], PROPS)
    expect(fields).toEqual({ name: 'too long' })
    expect(unmatched).toEqual([unknown, body])
  })

  it('without a list of props, maps every path', () => {
    const { fields, unmatched } = problemToFormErrors([{ field: 'body.anything.deep', reason: 'x' }])
    expect(fields).toEqual({ 'anything.deep': 'x' })
    expect(unmatched).toEqual([])
  })

  it('accepts no errors at all', () => {
    expect(problemToFormErrors(undefined, PROPS)).toEqual({ fields: {}, unmatched: [] })
  })
})
