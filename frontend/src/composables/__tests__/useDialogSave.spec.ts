import { describe, expect, it } from 'vitest'
import { ApiProblem } from '@/api/http'
import { fieldErrorsOr, useDialogSave } from '../useDialogSave'

function dialog() {
  const log: string[] = []
  const { saving, save } = useDialogSave({ close: () => log.push('close'), refused: (error) => log.push(`refused ${String((error as Error).message)}`) })
  return { log, saving, save }
}

describe('useDialogSave', () => {
  it('is saving while the request runs, then closes and tells the parent the answer', async () => {
    const { log, saving, save } = dialog()
    let answer!: (value: string) => void
    const pending = save(() => new Promise<string>((resolve) => (answer = resolve)), { done: (value) => log.push(`done ${value}`) })
    expect(saving.value).toBe(true)
    answer('v2')
    expect(await pending).toBe(true)
    expect(saving.value).toBe(false)
    expect(log).toEqual(['close', 'done v2'])
  })

  it('keeps the dialog open on a refusal and hands the refusal on', async () => {
    const { log, saving, save } = dialog()
    const ok = await save(() => Promise.reject(new Error('409')), { done: () => log.push('done') })
    expect(ok).toBe(false)
    expect(saving.value).toBe(false)
    expect(log).toEqual(['refused 409'])
  })

  it('stays saving until what follows (a navigation) is done', async () => {
    const { saving, save } = dialog()
    let navigated!: () => void
    const pending = save(() => Promise.resolve(1), { done: () => new Promise<void>((resolve) => (navigated = resolve)) })
    await Promise.resolve()
    await Promise.resolve()
    expect(saving.value).toBe(true)
    navigated()
    await pending
    expect(saving.value).toBe(false)
  })
})

describe('fieldErrorsOr', () => {
  it('puts a 422 with field errors under the fields, and anything else elsewhere', () => {
    const seen: string[] = []
    const refused = fieldErrorsOr(() => seen.push('fields'), () => seen.push('elsewhere'))
    refused(new ApiProblem({ status: 422, code: 'validation_failed', errors: [{ field: 'body.note', reason: 'required' }] }))
    refused(new ApiProblem({ status: 422, code: 'reward_not_eligible' }))
    refused(new ApiProblem({ status: 409, code: 'tip_not_open' }))
    expect(seen).toEqual(['fields', 'elsewhere', 'elsewhere'])
  })
})
