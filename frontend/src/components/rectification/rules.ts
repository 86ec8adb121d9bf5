/**
 * What the rectification screens offer to whom (services/rectification/DESIGN.md, "Who may do what").
 * These only decide which buttons to show; the server still decides and its refusals are shown as messages.
 */
import type { Position, Role } from '@/api/types'
import type { Hazard, HazardDetail, HazardState, Light } from '@/api/rectification'
import { isApiProblem } from '@/api/http'
import { businessNow, chinaDate } from '@/composables/useBusinessClock'

export interface Actor {
  role: Role | null | undefined
  position?: Position | null
  /** The account's department (department roles), if the account names one. */
  department?: string | null
  /** The facility a facility manager belongs to. */
  facility?: string | null
  /** The account id (the token's subject): four eyes compare it with who rectified and who accepted. */
  subject?: string | null
}

const DEPARTMENT_ROLES: readonly string[] = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market']

export function actorDepartment(actor: Actor): string | null {
  if (actor.department) return actor.department
  return actor.role && DEPARTMENT_ROLES.includes(actor.role) ? actor.role : null
}

/** The caller's department is one of the hazard's (a joint hazard lists several). */
export function isOwningDepartment(hazard: Pick<Hazard, 'departments'>, actor: Actor): boolean {
  const department = actorDepartment(actor)
  return !!department && hazard.departments.includes(department)
}

export function isOwnFacility(hazard: Pick<Hazard, 'facility_id'>, actor: Actor): boolean {
  return actor.role === 'facility' && !!actor.facility && actor.facility === hazard.facility_id
}

function rectifier(hazard: Hazard, actor: Actor): boolean {
  return isOwnFacility(hazard, actor) || isOwningDepartment(hazard, actor)
}

const isHead = (actor: Actor) => actor.position === 'head'

export type HazardAction =
  | 'edit'
  | 'start'
  | 'evidence'
  | 'submit'
  | 'accept'
  | 'reject'
  | 'signOff'
  | 'extension'
  | 'decideExtension'

const RECTIFYING = ['evidence_uploaded', 'submitted']
const ACCEPTING = ['accepted', 'accepted_by_department']

/**
 * Four eyes, as the server's ledger/four_eyes.py reads them from a hazard's detail: who uploaded evidence or
 * submitted in this round (since intake or the latest reopening), and who accepted since the latest submission.
 */
export function participants(hazard: Hazard | HazardDetail): { rectifiers: Set<string>; acceptors: Set<string> } {
  const history = 'history' in hazard ? hazard.history : []
  const evidence = 'evidence' in hazard ? hazard.evidence : []
  const lastIndex = (rows: typeof history, action: string) => rows.map((r) => r.action).lastIndexOf(action)
  const reopened = lastIndex(history, 'reopened')
  const round = history.slice(reopened + 1)
  const since = reopened >= 0 ? history[reopened]!.at : null
  const rectifiers = new Set<string>()
  for (const row of round) if (RECTIFYING.includes(row.action) && row.actor_subject) rectifiers.add(row.actor_subject)
  for (const row of evidence) if (since === null || Date.parse(row.uploaded_at) >= Date.parse(since)) rectifiers.add(row.uploaded_by)
  if (hazard.submitted_by) rectifiers.add(hazard.submitted_by)
  const acceptors = new Set<string>()
  for (const row of round.slice(lastIndex(round, 'submitted') + 1)) {
    if (ACCEPTING.includes(row.action) && row.actor_subject) acceptors.add(row.actor_subject)
  }
  if (hazard.accepted_by) acceptors.add(hazard.accepted_by)
  return { rectifiers, acceptors }
}

/** The actions to offer on one hazard, in display order. */
export function hazardActions(hazard: Hazard | HazardDetail, actor: Actor): HazardAction[] {
  const state = hazard.state
  const owning = isOwningDepartment(hazard, actor)
  const actions: HazardAction[] = []
  const people = actor.subject ? participants(hazard) : null
  const rectified = !!people && people.rectifiers.has(actor.subject!)
  const accepted = !!people && people.acceptors.has(actor.subject!)
  if (state === 'open' && rectifier(hazard, actor)) actions.push('start')
  if ((state === 'open' || state === 'in_progress') && rectifier(hazard, actor)) actions.push('evidence')
  if (state === 'in_progress' && rectifier(hazard, actor)) actions.push('submit')
  if (state === 'submitted' && owning && !rectified) {
    const department = actorDepartment(actor)
    if (!department || !hazard.accepted_departments.includes(department)) actions.push('accept')
    actions.push('reject')
  }
  if (state === 'accepted' && isHead(actor) && (owning || actor.role === 'civil_affairs') && !rectified && !accepted) {
    actions.push('signOff')
  }
  const pending = 'extensions' in hazard && hazard.extensions.some((x) => x.state === 'pending')
  if (['open', 'in_progress', 'submitted'].includes(state) && rectifier(hazard, actor) && !pending) {
    actions.push('extension')
  }
  if (state !== 'signed_off' && state !== 'withdrawn' && (owning || actor.role === 'civil_affairs' || actor.role === 'admin')) {
    actions.push('edit')
  }
  return actions
}

/** Approve or reject a pending extension: the owning department's head. */
export function canDecideExtension(hazard: Pick<Hazard, 'departments'>, actor: Actor): boolean {
  return isOwningDepartment(hazard, actor) && isHead(actor)
}

/** Issue and close supervision orders: the task force leader or deputy. */
export function canIssueOrders(actor: Actor): boolean {
  return actor.role === 'task_force' && (actor.position === 'leader' || actor.position === 'deputy')
}

export const STATE_TAG: Record<HazardState, 'info' | 'primary' | 'warning' | 'success'> = {
  open: 'info',
  in_progress: 'primary',
  submitted: 'warning',
  accepted: 'success',
  signed_off: 'success',
  withdrawn: 'info',
}

export const LIGHT_COLOR: Record<Light, string> = {
  red: '#f56c6c',
  yellow: '#e6a23c',
  green: '#67c23a',
}

/** Server codes with a sentence of their own under `rectification.errors`. */
export const KNOWN_CODES = [
  'acceptance_by_submitter',
  'sign_off_by_acceptor',
  'sign_off_by_rectifier',
  'not_accepted',
  'evidence_missing',
  'invalid_state',
  'version_conflict',
  'already_accepted',
  'deadline_in_past',
  'deadline_not_later',
  'extension_decided',
  'evidence_too_large',
  'unsupported_evidence',
  'role_forbidden',
] as const

/** The i18n key for a rectification refusal, or null when the generic message fits. */
export function refusalKey(error: unknown): string | null {
  if (!isApiProblem(error)) return null
  return (KNOWN_CODES as readonly string[]).includes(error.code) ? `rectification.errors.${error.code}` : null
}

/** Today in China time as YYYY-MM-DD (deadlines are China dates), on the platform's business clock. */
export function chinaToday(now: Date = businessNow()): string {
  return chinaDate(now)
}

/** Days until the deadline (negative when overdue), China time, on the business clock. */
export function daysLeft(deadline: string, now: Date = businessNow()): number {
  const today = Date.parse(`${chinaToday(now)}T00:00:00Z`)
  const due = Date.parse(`${deadline}T00:00:00Z`)
  return Math.round((due - today) / 86_400_000)
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Evidence the server takes: JPEG/PNG/WebP images or PDF, at most 10 MB. */
export const EVIDENCE_ACCEPT = 'image/*,application/pdf'
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

export function evidenceProblem(file: { size: number; type: string; name: string }): 'tooLarge' | 'badType' | null {
  if (file.size > EVIDENCE_MAX_BYTES) return 'tooLarge'
  const ok = /^image\/(jpeg|png|webp)$/.test(file.type) || file.type === 'application/pdf'
    || (!file.type && /\.(jpe?g|png|webp|pdf)$/i.test(file.name))
  return ok ? null : 'badType'
}
