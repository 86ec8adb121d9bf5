/**
 * The inspection form's model, kept apart from the view so that it can be tested: one answer state per
 * check item, conversion to and from the API, client checks, and the localStorage backup that keeps
 * every answer (and the submit Idempotency-Key) when the connection drops.
 */
import {
  RESULTS,
  SEVERITIES,
  type AnswerInput,
  type AnswerPublic,
  type AnswerResult,
  type Finding,
  type ItemPublic,
  type Severity,
} from '@/api/inspection'
import { isOneOf } from '@/api/types'
import { businessNow } from '@/composables/useBusinessClock'

export interface FindingState {
  description: string
  severity: Severity
  measures: string
  fixed_on_spot: boolean
  photo_ids: string[]
}

export interface AnswerState {
  result: AnswerResult | null
  number: number | null
  text: string
  photo_ids: string[]
  finding: FindingState
}

export type AnswerMap = Record<string, AnswerState>

/** A major-hazard item's finding is major and may not be lowered; any other item starts as ordinary. */
export function minimumSeverity(item: Pick<ItemPublic, 'major_hazard'>): Severity {
  return item.major_hazard ? 'major' : 'ordinary'
}

export function emptyAnswer(item: ItemPublic): AnswerState {
  return {
    result: null,
    number: null,
    text: '',
    photo_ids: [],
    finding: { description: '', severity: minimumSeverity(item), measures: item.recommended_measures ?? '', fixed_on_spot: false, photo_ids: [] },
  }
}

type SavedFinding = Pick<Finding, 'description' | 'severity' | 'fixed_on_spot'> & Partial<Pick<Finding, 'measures' | 'photo_ids'>>

/** What the form reads back of an inspection (`InspectionPublic` is one): its saved answers and findings. */
export interface SavedAnswers {
  answers: (Pick<AnswerPublic, 'item_id' | 'result'> &
    Partial<Pick<AnswerPublic, 'number' | 'text' | 'photo_ids'>> & { finding?: SavedFinding | null })[]
  findings: (SavedFinding & Pick<Finding, 'item_id'>)[]
}

/** The answers already on the server (a draft opened again), one state per item of the given sections. */
export function answersFromInspection(inspection: SavedAnswers, items: ItemPublic[]): AnswerMap {
  const map: AnswerMap = {}
  for (const item of items) map[item.id] = emptyAnswer(item)
  for (const answer of inspection.answers ?? []) {
    const state = map[answer.item_id]
    if (!state) continue
    state.result = isOneOf(RESULTS, answer.result) ? answer.result : null
    state.number = answer.number ?? null
    state.text = answer.text ?? ''
    state.photo_ids = [...(answer.photo_ids ?? [])]
    if (answer.finding) Object.assign(state.finding, findingState(answer.finding, state.finding.severity))
  }
  for (const finding of inspection.findings ?? []) {
    const state = map[finding.item_id]
    if (state) Object.assign(state.finding, findingState(finding, state.finding.severity))
  }
  return map
}

function findingState(
  finding: { description?: string | null; severity?: string | null; measures?: string | null; fixed_on_spot?: boolean; photo_ids?: string[] | null },
  floor: Severity,
): FindingState {
  return {
    description: finding.description ?? '',
    severity: floor === 'major' ? 'major' : isOneOf(SEVERITIES, finding.severity) ? finding.severity : floor,
    measures: finding.measures ?? '',
    fixed_on_spot: !!finding.fixed_on_spot,
    photo_ids: [...(finding.photo_ids ?? [])],
  }
}

/** What PUT /answers receives: every answered item; a failed item carries its finding. */
export function toAnswerInputs(answers: AnswerMap, items: ItemPublic[]): AnswerInput[] {
  const out: AnswerInput[] = []
  for (const item of items) {
    const state = answers[item.id]
    if (!state?.result) continue
    const input: AnswerInput = { item_id: item.id, result: state.result }
    if (item.answer_type === 'number' && state.number !== null) input.number = state.number
    if (item.answer_type === 'text' && state.text.trim()) input.text = state.text.trim()
    if (state.photo_ids.length) input.photo_ids = [...state.photo_ids]
    if (state.result === 'fail') {
      const severity = item.major_hazard ? 'major' : state.finding.severity
      input.finding = {
        description: state.finding.description.trim(),
        severity,
        measures: state.finding.measures.trim() || null,
        fixed_on_spot: state.finding.fixed_on_spot,
        photo_ids: [...state.finding.photo_ids],
      }
    }
    out.push(input)
  }
  return out
}

/**
 * What an amendment sends: the answers of ``items`` that differ from the submitted ones (``original``), each as
 * PUT /answers would send it. An item answered the same way again is left out.
 */
export function changedAnswers(answers: AnswerMap, original: AnswerMap, items: ItemPublic[]): AnswerInput[] {
  const before = new Map(toAnswerInputs(original, items).map((input) => [input.item_id, JSON.stringify(input)]))
  return toAnswerInputs(answers, items).filter((input) => before.get(input.item_id) !== JSON.stringify(input))
}

export type ItemProblem = 'unanswered' | 'description' | 'photo' | 'number' | 'range'

/** Client checks before submitting (the server checks again): the first problem of each item. */
export function itemProblems(answers: AnswerMap, items: ItemPublic[]): Record<string, ItemProblem> {
  const problems: Record<string, ItemProblem> = {}
  for (const item of items) {
    const state = answers[item.id]
    if (!state?.result) {
      problems[item.id] = 'unanswered'
      continue
    }
    if (state.result === 'not_applicable') continue
    if (item.answer_type === 'number') {
      if (state.number === null || Number.isNaN(state.number)) {
        problems[item.id] = 'number'
        continue
      }
    }
    if (state.result === 'fail' && !state.finding.description.trim()) {
      problems[item.id] = 'description'
      continue
    }
    const photos = state.photo_ids.length + (state.result === 'fail' ? state.finding.photo_ids.length : 0)
    if ((item.photo_required || item.answer_type === 'photo') && photos === 0) problems[item.id] = 'photo'
  }
  return problems
}

/** Whether a number lies outside the item's limits (a fail suggestion, not an error). */
export function outOfRange(item: Pick<ItemPublic, 'number_min' | 'number_max'>, value: number | null): boolean {
  if (value === null || Number.isNaN(value)) return false
  if (item.number_min !== null && item.number_min !== undefined && value < item.number_min) return true
  if (item.number_max !== null && item.number_max !== undefined && value > item.number_max) return true
  return false
}

// ---- the local backup -----------------------------------------------------------------------------

export const BACKUP_PREFIX = 'eldersafe.inspection.'

export interface Backup {
  answers: AnswerMap
  /** Sent with the submit; kept so that a retry after a lost answer re-sends the same key. */
  idempotencyKey: string
  acknowledgedBy: string
  /** True while the local answers are newer than what the server has. */
  dirty: boolean
  savedAt: string
}

export function newKey(): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c?.randomUUID) return c.randomUUID()
  // Older browsers: a version-4 UUID from getRandomValues (or Math.random as the last resort).
  const bytes = new Uint8Array(16)
  if (c?.getRandomValues) c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function loadBackup(inspectionId: string, store: Storage = localStorage): Backup | null {
  try {
    const raw = store.getItem(BACKUP_PREFIX + inspectionId)
    if (!raw) return null
    const value = JSON.parse(raw) as Backup
    return value && typeof value.idempotencyKey === 'string' && value.answers ? value : null
  } catch {
    return null
  }
}

export function saveBackup(inspectionId: string, backup: Omit<Backup, 'savedAt'>, store: Storage = localStorage): void {
  try {
    store.setItem(BACKUP_PREFIX + inspectionId, JSON.stringify({ ...backup, savedAt: businessNow().toISOString() }))
  } catch {
    /* storage full or blocked: the server copy is all there is */
  }
}

export function clearBackup(inspectionId: string, store: Storage = localStorage): void {
  try {
    store.removeItem(BACKUP_PREFIX + inspectionId)
  } catch {
    /* ignore */
  }
}

/** Local answers win over the server's only when they were not yet saved (dirty). */
export function mergeBackup(server: AnswerMap, backup: Backup | null): AnswerMap {
  if (!backup?.dirty) return server
  const merged: AnswerMap = { ...server }
  for (const [itemId, state] of Object.entries(backup.answers)) if (itemId in merged) merged[itemId] = state
  return merged
}

/** Calls `fn` once `ms` after the last call; `flush` runs a pending call at once. */
export function debounce(fn: () => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null
  const call = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      fn()
    }, ms)
  }
  call.flush = () => {
    if (!timer) return
    clearTimeout(timer)
    timer = null
    fn()
  }
  call.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  call.pending = () => timer !== null
  return call
}
