/**
 * Client rules of the campaign settings, facility plans (一院一策) and relocation (安置) screens. They only
 * spare the user a round trip; the server checks the same things and its field errors land on the fields.
 */
import type { ApiFieldError } from '@/api/http'
import {
  STOPPING_DECISIONS,
  type Cooperation,
  type MilestoneInput,
  type PlanDecision,
  type RelocateInput,
  type RelocationProgress,
} from '@/api/planTypes'
import type { FacilityStatus } from '@/api/registry'
import { isOneOf } from '@/api/types'

/** A whole number within [min, max] (input-number fields may also be empty). */
export function isIntInRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

/** The measures a plan must carry for the facility's cooperation: support if it cooperates, enforcement if not. */
export function requiredMeasures(cooperation: Cooperation | null | ''): 'support_measures' | 'enforcement_measures' | null {
  if (cooperation === 'cooperative') return 'support_measures'
  if (cooperation === 'uncooperative') return 'enforcement_measures'
  return null
}

/** A decision that stops the facility needs a relocation plan for its residents. */
export function needsRelocation(decision: string | null): boolean {
  return isOneOf(STOPPING_DECISIONS, decision)
}

export type MilestoneProblem = 'milestoneRequired' | 'dueRequired' | 'duePast'

/**
 * What is wrong with one milestone row. A row already stored may keep a past due date (the server allows
 * it); a new one may not.
 */
export function milestoneProblem(row: MilestoneInput, today: string, stored = false): MilestoneProblem | null {
  if (!row.title.trim() || !row.owner.trim()) return 'milestoneRequired'
  if (!row.due_date) return 'dueRequired'
  if (!stored && row.due_date < today) return 'duePast'
  return null
}

export interface PlanDraft {
  decision: PlanDecision | ''
  measures: string
  relocation_plan: string
  cooperation: Cooperation | ''
  support_measures: string
  enforcement_measures: string
}

/** The parts a plan still lacks before the leader may approve it (the server's rule, as form props). */
export function planMissing(draft: PlanDraft, milestones: readonly MilestoneInput[]): string[] {
  const missing: string[] = []
  if (!draft.decision) missing.push('decision')
  if (!draft.measures.trim()) missing.push('measures')
  if (!milestones.length) missing.push('milestones')
  if (needsRelocation(draft.decision) && !draft.relocation_plan.trim()) missing.push('relocation_plan')
  const measures = requiredMeasures(draft.cooperation)
  if (!draft.cooperation) missing.push('cooperation')
  else if (measures && !draft[measures].trim()) missing.push(measures)
  return missing
}

/**
 * The approval refusal names parts as `plan.measures`; form props are the body's, so read them as `body.*`.
 */
export function planFieldErrors(errors: readonly ApiFieldError[]): ApiFieldError[] {
  return errors.map((e) => (e.field.startsWith('plan.') ? { ...e, field: `body.${e.field.slice(5)}` } : e))
}

/** Relocated share in whole percent; a facility without residents counts as done. */
export function relocationPercent(progress: Pick<RelocationProgress, 'relocated' | 'total'>): number {
  if (progress.total <= 0) return 100
  return Math.min(100, Math.round((progress.relocated / progress.total) * 100))
}

/** The status a stopping decision leads to. */
export function statusForDecision(decision: PlanDecision | string | null): Extract<FacilityStatus, 'suspended' | 'shut_down'> | null {
  if (decision === 'suspend') return 'suspended'
  if (decision === 'shutdown') return 'shut_down'
  return null
}

/** Offer to complete the suspension or shutdown: approved stopping plan, nobody left, status not yet changed. */
export function canComplete(progress: Pick<RelocationProgress, 'plan_state' | 'decision' | 'remaining' | 'status'>): boolean {
  const target = statusForDecision(progress.decision)
  return progress.plan_state === 'approved' && progress.remaining === 0 && !!target && progress.status !== target
}

export interface RelocationForm {
  destination_kind: RelocateInput['destination_kind']
  receiving_facility_id: string
  destination: string
  moved_on: string
  confirmed_by_name: string
}

export type RelocationErrors = Partial<Record<keyof RelocationForm, string>>

/** i18n keys (under rectification.relocation.rules) for what the relocation form lacks. */
export function relocationProblems(form: RelocationForm, today: string): RelocationErrors {
  const problems: RelocationErrors = {}
  if (form.destination_kind === 'facility' && !form.receiving_facility_id) problems.receiving_facility_id = 'receivingRequired'
  if (form.destination_kind !== 'facility' && !form.destination.trim()) problems.destination = 'destinationRequired'
  if (!form.moved_on) problems.moved_on = 'movedOnRequired'
  else if (form.moved_on > today) problems.moved_on = 'movedOnFuture'
  if (!form.confirmed_by_name.trim()) problems.confirmed_by_name = 'confirmedByRequired'
  return problems
}

/** The registry body: the receiving facility only for kind `facility`, a destination text otherwise. */
export function relocateBody(form: RelocationForm): RelocateInput {
  const body: RelocateInput = {
    destination_kind: form.destination_kind,
    moved_on: form.moved_on,
    confirmed_by_name: form.confirmed_by_name.trim(),
  }
  if (form.destination_kind === 'facility') body.receiving_facility_id = form.receiving_facility_id
  else body.destination = form.destination.trim()
  return body
}
