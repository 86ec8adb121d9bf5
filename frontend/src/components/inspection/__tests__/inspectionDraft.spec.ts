import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ItemPublic } from '@/api/inspection'
import {
  answersFromInspection,
  BACKUP_PREFIX,
  changedAnswers,
  clearBackup,
  debounce,
  emptyAnswer,
  itemProblems,
  loadBackup,
  mergeBackup,
  minimumSeverity,
  newKey,
  outOfRange,
  saveBackup,
  toAnswerInputs,
  type SavedAnswers,
} from '../inspectionDraft'

function item(id: string, extra: Partial<ItemPublic> = {}): ItemPublic {
  return {
    id,
    position: 0,
    code: id.toUpperCase(),
    text_zh: '检查项',
    category: 'fire',
    basis: 'GB 38600-2019 6.1',
    answer_type: 'pass_fail',
    photo_required: false,
    major_hazard: false,
    ...extra,
  }
}

const major = item('f1', { major_hazard: true, criterion_code: 'MZ-4.1', recommended_measures: '立即整改' })
const plain = item('f2')
const number = item('f3', { answer_type: 'number', number_min: 0, number_max: 10, unit: '个' })
const photo = item('f4', { photo_required: true })

/** An inspection as the form reads it back: its answers and findings, with whatever else the server sent. */
type Saved = SavedAnswers & Record<string, unknown>

function inspection(extra: Partial<Saved> = {}): Saved {
  return {
    id: 'i1',
    campaign_id: 'c1',
    facility_id: 'fac',
    mode: 'announced',
    departments: ['fire'],
    status: 'draft',
    inspectors: [],
    sections: [{ department: 'fire', checklist_version_id: 'v1', items: [major, plain, number, photo] }],
    answers: [],
    findings: [],
    acknowledgement: null,
    amendments: [],
    ...extra,
  }
}

describe('severity', () => {
  it('presets a major item as major and an ordinary one as ordinary', () => {
    expect(minimumSeverity(major)).toBe('major')
    expect(minimumSeverity(plain)).toBe('ordinary')
    expect(emptyAnswer(major).finding.severity).toBe('major')
    expect(emptyAnswer(major).finding.measures).toBe('立即整改')
  })

  it('never sends a major item as ordinary, even if the state says so', () => {
    const answers = answersFromInspection(inspection(), [major])
    answers.f1!.result = 'fail'
    answers.f1!.finding.description = '疏散通道堵塞'
    answers.f1!.finding.severity = 'ordinary'
    expect(toAnswerInputs(answers, [major])[0]!.finding!.severity).toBe('major')
  })

  it('keeps a major item major when the server copy says ordinary', () => {
    const answers = answersFromInspection(
      inspection({ answers: [{ item_id: 'f1', result: 'fail', finding: { description: 'x', severity: 'ordinary', fixed_on_spot: false } }] }),
      [major],
    )
    expect(answers.f1!.finding.severity).toBe('major')
  })
})

describe('answers to the API', () => {
  it('sends only answered items, a finding only on a failed one, photos on the finding', () => {
    const answers = answersFromInspection(inspection(), [major, plain, number, photo])
    answers.f1!.result = 'fail'
    answers.f1!.finding.description = '  消防通道堵塞 '
    answers.f1!.finding.photo_ids = ['p1']
    answers.f2!.result = 'pass'
    answers.f2!.finding.description = 'ignored'
    answers.f3!.result = 'pass'
    answers.f3!.number = 4
    const inputs = toAnswerInputs(answers, [major, plain, number, photo])
    expect(inputs).toEqual([
      {
        item_id: 'f1',
        result: 'fail',
        finding: { description: '消防通道堵塞', severity: 'major', measures: '立即整改', fixed_on_spot: false, photo_ids: ['p1'] },
      },
      { item_id: 'f2', result: 'pass' },
      { item_id: 'f3', result: 'pass', number: 4 },
    ])
  })

  it('reads answers and findings back from the server', () => {
    const answers = answersFromInspection(
      inspection({
        answers: [{ item_id: 'f3', result: 'pass', number: 3 }, { item_id: 'f2', result: 'fail' }, { item_id: 'zz', result: 'pass' }],
        findings: [{ item_id: 'f2', description: '灭火器过期', severity: 'ordinary', fixed_on_spot: true, photo_ids: ['p9'] }],
      }),
      [major, plain, number, photo],
    )
    expect(answers.f3!.number).toBe(3)
    expect(answers.f2!.result).toBe('fail')
    expect(answers.f2!.finding).toMatchObject({ description: '灭火器过期', fixed_on_spot: true, photo_ids: ['p9'] })
    expect(answers).not.toHaveProperty('zz')
  })
})

describe('client checks', () => {
  it('names the first problem of each item', () => {
    const items = [major, plain, number, photo]
    const answers = answersFromInspection(inspection(), items)
    answers.f1!.result = 'fail'
    answers.f3!.result = 'pass'
    answers.f4!.result = 'pass'
    expect(itemProblems(answers, items)).toEqual({ f1: 'description', f2: 'unanswered', f3: 'number', f4: 'photo' })
    answers.f1!.finding.description = '堵塞'
    answers.f2!.result = 'not_applicable'
    answers.f3!.number = 12
    answers.f4!.photo_ids = ['p']
    expect(itemProblems(answers, items)).toEqual({})
    expect(outOfRange(number, 12)).toBe(true)
    expect(outOfRange(number, 5)).toBe(false)
    expect(outOfRange(number, null)).toBe(false)
  })

  it('counts a photo on a failed finding for a photo-required item', () => {
    const answers = answersFromInspection(inspection(), [photo])
    answers.f4!.result = 'fail'
    answers.f4!.finding.description = 'x'
    answers.f4!.finding.photo_ids = ['p']
    expect(itemProblems(answers, [photo])).toEqual({})
  })
})

describe('local backup', () => {
  afterEach(() => localStorage.clear())

  it('keeps answers and the idempotency key across reloads, and clears them', () => {
    const answers = answersFromInspection(inspection(), [plain])
    answers.f2!.result = 'pass'
    const key = newKey()
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    saveBackup('i1', { answers, idempotencyKey: key, acknowledgedBy: '王', dirty: true })
    const back = loadBackup('i1')!
    expect(back.idempotencyKey).toBe(key)
    expect(back.answers.f2!.result).toBe('pass')
    expect(back.savedAt).toBeTruthy()
    clearBackup('i1')
    expect(loadBackup('i1')).toBeNull()
  })

  it('ignores a broken backup', () => {
    localStorage.setItem(`${BACKUP_PREFIX}i2`, '{not json')
    expect(loadBackup('i2')).toBeNull()
  })

  it('lets unsaved local answers win, and only for items that still exist', () => {
    const server = answersFromInspection(inspection(), [plain])
    const local = answersFromInspection(inspection(), [plain])
    local.f2!.result = 'fail'
    const extra = { ...local, gone: local.f2! }
    const backup = { answers: extra, idempotencyKey: 'k', acknowledgedBy: '', dirty: true, savedAt: '' }
    expect(mergeBackup(server, backup).f2!.result).toBe('fail')
    expect(mergeBackup(server, backup)).not.toHaveProperty('gone')
    expect(mergeBackup(server, { ...backup, dirty: false }).f2!.result).toBeNull()
  })
})

describe('debounce', () => {
  it('runs once after the last call, or at once on flush', () => {
    vi.useFakeTimers()
    const fn = vi.fn()
    const call = debounce(fn, 500)
    call()
    call()
    vi.advanceTimersByTime(499)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(1)
    call()
    call.flush()
    expect(fn).toHaveBeenCalledTimes(2)
    call()
    call.cancel()
    vi.runAllTimers()
    expect(fn).toHaveBeenCalledTimes(2)
    vi.useRealTimers()
  })
})

describe('amendments', () => {
  it('send only the answers that differ from the submitted ones', () => {
    const submitted = inspection({
      status: 'submitted',
      answers: [
        { item_id: 'f1', result: 'fail', finding: { description: '安全出口上锁', severity: 'major', fixed_on_spot: false } },
        { item_id: 'f2', result: 'pass' },
      ],
    })
    const items = [major, plain]
    const original = answersFromInspection(submitted, items)
    const answers = answersFromInspection(submitted, items)
    expect(changedAnswers(answers, original, items)).toEqual([])
    answers.f1!.result = 'pass'
    expect(changedAnswers(answers, original, items)).toEqual([{ item_id: 'f1', result: 'pass' }])
    answers.f2!.result = 'fail'
    answers.f2!.finding.description = '灭火器过期'
    expect(changedAnswers(answers, original, items).map((a) => a.item_id)).toEqual(['f1', 'f2'])
  })
})
