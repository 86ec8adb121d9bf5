import { describe, expect, it } from 'vitest'
import { ApiProblem } from '@/api/http'
import type { HazardDetail } from '@/api/rectification'
import {
  canDecideExtension,
  canIssueOrders,
  chinaToday,
  daysLeft,
  evidenceProblem,
  hazardActions,
  refusalKey,
} from '../rules'

function hazard(overrides: Partial<HazardDetail> = {}): HazardDetail {
  return {
    id: 'h1', hazard_key: 'k', inspection_id: 'i', campaign_id: 'c', facility_id: 'fac-1', facility_name: 'F',
    area_code: '999001001001', departments: ['fire'], item_code: 'F-1', item_text: 'Exit blocked', basis: 'b',
    category: 'fire', severity: 'major', criterion_code: null, description: '', photo_ids: [], measures: null,
    responsible_name: null, responsible_phone: null, supervisor_subject: null, supervisor_name: null,
    checker_name: null, rectification_watcher_name: null, acceptance_watcher_name: null, deadline: '2026-06-01',
    state: 'open', overdue: false, rejection_reason: null, accepted_departments: [], relapse: false,
    escalated_at: null, escalated_stage: null,
    reopened_count: 0, self_check: false, found_at: '', found_by: null, found_by_name: null, submitted_by: null, accepted_by: null,
    signed_off_by: null, created_at: '', updated_at: '', version: 1, history: [], evidence: [], extensions: [],
    ...overrides,
  }
}

const manager = { role: 'facility' as const, position: 'manager' as const, facility: 'fac-1' }
const otherManager = { role: 'facility' as const, position: 'manager' as const, facility: 'fac-2' }
const fireStaff = { role: 'fire' as const, position: 'staff' as const }
const fireHead = { role: 'fire' as const, position: 'head' as const }
const policeHead = { role: 'police' as const, position: 'head' as const }
const civilHead = { role: 'civil_affairs' as const, position: 'head' as const }

describe('hazardActions', () => {
  it('lets the own facility manager start, upload and ask for an extension on an open hazard', () => {
    expect(hazardActions(hazard(), manager)).toEqual(['start', 'evidence', 'extension'])
    expect(hazardActions(hazard(), otherManager)).toEqual([])
  })

  it('offers submit while in progress and accept/reject to the owning department once submitted', () => {
    expect(hazardActions(hazard({ state: 'in_progress' }), manager)).toEqual(['evidence', 'submit', 'extension'])
    expect(hazardActions(hazard({ state: 'submitted' }), fireStaff)).toEqual(['accept', 'reject', 'extension', 'edit'])
    expect(hazardActions(hazard({ state: 'submitted' }), policeHead)).toEqual([])
    expect(hazardActions(hazard({ state: 'submitted' }), manager)).toEqual(['extension'])
  })

  it('does not offer accept again to a department that has accepted a joint hazard', () => {
    const joint = hazard({ state: 'submitted', departments: ['fire', 'police'], accepted_departments: ['fire'] })
    expect(hazardActions(joint, fireStaff)).not.toContain('accept')
    expect(hazardActions(joint, policeHead)).toContain('accept')
  })

  it('offers sign-off only to heads of the owning department or civil affairs, after acceptance', () => {
    expect(hazardActions(hazard({ state: 'accepted' }), fireHead)).toContain('signOff')
    expect(hazardActions(hazard({ state: 'accepted' }), civilHead)).toContain('signOff')
    expect(hazardActions(hazard({ state: 'accepted' }), fireStaff)).not.toContain('signOff')
    expect(hazardActions(hazard({ state: 'submitted' }), fireHead)).not.toContain('signOff')
  })

  it('hides the extension request while one is pending, and everything on a signed-off hazard', () => {
    const pending = hazard({
      extensions: [{ id: 'x', hazard_id: 'h1', old_deadline: '', new_deadline: '', reason: '', state: 'pending',
        requested_by: '', requested_by_name: null, requested_at: '', decided_by: null, decided_by_name: null,
        decided_at: null, decision_note: null }],
    })
    expect(hazardActions(pending, manager)).not.toContain('extension')
    expect(hazardActions(hazard({ state: 'signed_off' }), fireHead)).toEqual([])
  })

  it('uses the account department when the role alone does not say it', () => {
    expect(hazardActions(hazard({ state: 'submitted' }), { role: 'admin', department: 'fire' })).toContain('accept')
  })
})

describe('other rules', () => {
  it('extension decisions belong to the owning department head', () => {
    expect(canDecideExtension(hazard(), fireHead)).toBe(true)
    expect(canDecideExtension(hazard(), fireStaff)).toBe(false)
    expect(canDecideExtension(hazard(), policeHead)).toBe(false)
  })

  it('supervision orders belong to the task force leader or deputy', () => {
    expect(canIssueOrders({ role: 'task_force', position: 'leader' })).toBe(true)
    expect(canIssueOrders({ role: 'task_force', position: 'deputy' })).toBe(true)
    expect(canIssueOrders({ role: 'task_force', position: 'member' })).toBe(false)
    expect(canIssueOrders({ role: 'civil_affairs', position: 'head' })).toBe(false)
  })

  it('keeps four eyes: no acceptance for a rectifier, no sign-off for a rectifier or an acceptor', () => {
    const history = (action: string, subject: string, at: string) =>
      ({ at, actor_subject: subject, actor_name: subject, action, from_state: null, to_state: null, detail: {} })
    const evidence = (subject: string, at: string) => ({
      id: `e-${subject}`, hazard_id: 'h1', filename: 'a.jpg', content_type: 'image/jpeg', size: 1, sha256: '',
      note: null, uploaded_by: subject, uploaded_by_name: subject, uploaded_at: at,
    })
    const submitted = hazard({
      state: 'submitted', submitted_by: 'manager-1', evidence: [evidence('fire-a', '2026-03-02T01:00:00Z')],
      history: [history('evidence_uploaded', 'fire-a', '2026-03-02T01:00:00Z'), history('submitted', 'manager-1', '2026-03-02T02:00:00Z')],
    })
    // Fire staff A gathered the photos, the manager pressed submit: A may not accept, B may.
    expect(hazardActions(submitted, { ...fireStaff, subject: 'fire-a' })).not.toContain('accept')
    expect(hazardActions(submitted, { ...fireStaff, subject: 'fire-a' })).not.toContain('reject')
    expect(hazardActions(submitted, { ...fireStaff, subject: 'fire-b' })).toContain('accept')
    const accepted = hazard({
      ...submitted, state: 'accepted', accepted_by: 'fire-head-a',
      history: [...submitted.history, history('accepted', 'fire-head-a', '2026-03-03T01:00:00Z')],
    })
    expect(hazardActions(accepted, { ...fireHead, subject: 'fire-head-a' })).not.toContain('signOff')
    expect(hazardActions(accepted, { ...fireHead, subject: 'fire-a' })).not.toContain('signOff')
    expect(hazardActions(accepted, { ...fireHead, subject: 'fire-head-b' })).toContain('signOff')
    // A relapse starts a new round: last round's rectifier may accept the new rectification.
    const relapsed = hazard({
      ...submitted, submitted_by: 'manager-1',
      history: [...submitted.history, history('reopened', 'insp', '2026-04-01T01:00:00Z'),
        history('submitted', 'manager-1', '2026-04-02T01:00:00Z')],
    })
    expect(hazardActions(relapsed, { ...fireStaff, subject: 'fire-a' })).toContain('accept')
  })

  it('maps the server refusals to their own sentences', () => {
    expect(refusalKey(new ApiProblem({ status: 403, code: 'acceptance_by_submitter' }))).toBe(
      'rectification.errors.acceptance_by_submitter',
    )
    expect(refusalKey(new ApiProblem({ status: 409, code: 'not_accepted' }))).toBe('rectification.errors.not_accepted')
    // Four eyes at sign-off: the acceptor and the rectifiers are refused with a sentence of their own.
    expect(refusalKey(new ApiProblem({ status: 403, code: 'sign_off_by_acceptor' }))).toBe(
      'rectification.errors.sign_off_by_acceptor',
    )
    expect(refusalKey(new ApiProblem({ status: 403, code: 'sign_off_by_rectifier' }))).toBe(
      'rectification.errors.sign_off_by_rectifier',
    )
    expect(refusalKey(new ApiProblem({ status: 500, code: 'boom' }))).toBeNull()
    expect(refusalKey(new Error('x'))).toBeNull()
  })

  it('counts days in China time', () => {
    // 2026-05-31 17:00 UTC is already 2026-06-01 in China.
    const now = new Date('2026-05-31T17:00:00Z')
    expect(chinaToday(now)).toBe('2026-06-01')
    expect(daysLeft('2026-06-01', now)).toBe(0)
    expect(daysLeft('2026-05-30', now)).toBe(-2)
    expect(daysLeft('2026-06-08', now)).toBe(7)
  })

  it('checks evidence files before upload', () => {
    expect(evidenceProblem({ size: 100, type: 'image/jpeg', name: 'a.jpg' })).toBeNull()
    expect(evidenceProblem({ size: 100, type: 'application/pdf', name: 'a.pdf' })).toBeNull()
    expect(evidenceProblem({ size: 100, type: 'image/gif', name: 'a.gif' })).toBe('badType')
    expect(evidenceProblem({ size: 11 * 1024 * 1024, type: 'image/png', name: 'a.png' })).toBe('tooLarge')
  })
})
