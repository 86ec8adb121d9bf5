import { describe, expect, it } from 'vitest'
import {
  canComplete,
  isIntInRange,
  milestoneProblem,
  planFieldErrors,
  planMissing,
  relocateBody,
  relocationPercent,
  relocationProblems,
  requiredMeasures,
  statusForDecision,
  type PlanDraft,
  type RelocationForm,
} from '../planRules'

const draft = (over: Partial<PlanDraft> = {}): PlanDraft => ({
  decision: 'suspend',
  measures: 'clear the exits',
  relocation_plan: 'nearest facility',
  cooperation: 'cooperative',
  support_measures: 'loan for repairs',
  enforcement_measures: '',
  ...over,
})
const milestone = { title: 'Exits', owner: 'Li', due_date: '2026-12-01', done: false }

describe('policy rules', () => {
  it('accepts whole numbers in range only', () => {
    expect(isIntInRange(1, 1, 365)).toBe(true)
    expect(isIntInRange(365, 1, 365)).toBe(true)
    expect(isIntInRange(0, 1, 365)).toBe(false)
    expect(isIntInRange(366, 1, 365)).toBe(false)
    expect(isIntInRange(2.5, 1, 365)).toBe(false)
    expect(isIntInRange(undefined, 0, 100)).toBe(false)
    expect(isIntInRange(0, 0, 100)).toBe(true)
  })
})

describe('plan rules', () => {
  it('lets the cooperation decide which measures approval requires', () => {
    expect(requiredMeasures('cooperative')).toBe('support_measures')
    expect(requiredMeasures('uncooperative')).toBe('enforcement_measures')
    expect(requiredMeasures('')).toBeNull()
    expect(planMissing(draft(), [milestone])).toEqual([])
    expect(planMissing(draft({ cooperation: 'uncooperative' }), [milestone])).toEqual(['enforcement_measures'])
    expect(planMissing(draft({ cooperation: '' }), [milestone])).toEqual(['cooperation'])
  })

  it('asks for a relocation plan only when the decision stops the facility', () => {
    expect(planMissing(draft({ relocation_plan: ' ' }), [milestone])).toEqual(['relocation_plan'])
    expect(planMissing(draft({ decision: 'rectify', relocation_plan: '' }), [milestone])).toEqual([])
    expect(planMissing(draft({ measures: '' }), [])).toEqual(['measures', 'milestones'])
  })

  it('refuses incomplete milestones and new ones due in the past', () => {
    const today = '2026-11-30'
    expect(milestoneProblem({ ...milestone, due_date: '2026-12-01' }, today)).toBeNull()
    expect(milestoneProblem({ ...milestone, owner: ' ' }, today)).toBe('milestoneRequired')
    expect(milestoneProblem({ ...milestone, due_date: '' }, today)).toBe('dueRequired')
    expect(milestoneProblem({ ...milestone, due_date: '2026-11-01' }, today)).toBe('duePast')
    expect(milestoneProblem({ ...milestone, due_date: '2026-11-01' }, today, true)).toBeNull()
  })

  it('reads the approval refusal fields as form fields', () => {
    expect(planFieldErrors([{ field: 'plan.support_measures', reason: 'required' }, { field: 'body.decision', reason: 'x' }])).toEqual([
      { field: 'body.support_measures', reason: 'required' },
      { field: 'body.decision', reason: 'x' },
    ])
  })
})

describe('relocation rules', () => {
  it('computes the relocated share', () => {
    expect(relocationPercent({ relocated: 2, total: 3 })).toBe(67)
    expect(relocationPercent({ relocated: 0, total: 5 })).toBe(0)
    expect(relocationPercent({ relocated: 5, total: 5 })).toBe(100)
    expect(relocationPercent({ relocated: 0, total: 0 })).toBe(100)
  })

  it('offers completion only for an approved stopping plan with nobody left', () => {
    const base = { plan_state: 'approved' as const, decision: 'suspend' as const, remaining: 0, status: 'operating' }
    expect(canComplete(base)).toBe(true)
    expect(canComplete({ ...base, remaining: 1 })).toBe(false)
    expect(canComplete({ ...base, plan_state: 'draft' })).toBe(false)
    expect(canComplete({ ...base, decision: 'rectify' })).toBe(false)
    expect(canComplete({ ...base, status: 'suspended' })).toBe(false)
    expect(statusForDecision('shutdown')).toBe('shut_down')
  })

  it('checks the relocation form and builds the registry body per destination kind', () => {
    const form: RelocationForm = { destination_kind: 'facility', receiving_facility_id: '', destination: 'ignored', moved_on: '2026-12-01', confirmed_by_name: '' }
    expect(relocationProblems(form, '2026-11-30')).toEqual({
      receiving_facility_id: 'receivingRequired',
      moved_on: 'movedOnFuture',
      confirmed_by_name: 'confirmedByRequired',
    })
    const ok = { ...form, receiving_facility_id: 'f9', moved_on: '2026-11-30', confirmed_by_name: ' Zhang ' }
    expect(relocationProblems(ok, '2026-11-30')).toEqual({})
    expect(relocateBody(ok)).toEqual({ destination_kind: 'facility', receiving_facility_id: 'f9', moved_on: '2026-11-30', confirmed_by_name: 'Zhang' })
    const home = { ...ok, destination_kind: 'family' as const, destination: '' }
    expect(relocationProblems(home, '2026-11-30')).toEqual({ destination: 'destinationRequired' })
    expect(relocateBody({ ...home, destination: ' daughter ' })).toEqual({
      destination_kind: 'family', destination: 'daughter', moved_on: '2026-11-30', confirmed_by_name: 'Zhang',
    })
  })
})
