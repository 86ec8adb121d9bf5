/**
 * Tips (举报) and rewards (举报奖励) of the inspection service, staff side (issue 6;
 * services/inspection/DESIGN.md). The public, tokenless half lives in `src/tip/api.ts` (its own bundle).
 * Every route is under `/api/inspection`. Server shapes are aliases of the generated `schema.d.ts`.
 */
import { http, rawRequest, type Query } from './http'
import type { Page, Schemas } from './types'

const base = '/inspection'
const enc = encodeURIComponent

export const TIP_CATEGORIES = ['fire', 'food', 'abuse_neglect', 'building', 'unlicensed', 'other'] as const satisfies readonly Schemas['TipForm']['category'][]
export type TipCategory = (typeof TIP_CATEGORIES)[number]

export const TIP_STATUSES = ['received', 'assigned', 'verified', 'unfounded', 'duplicate', 'closed'] as const
export type TipStatus = (typeof TIP_STATUSES)[number]

/** Statuses in which triage (assign, duplicate, close) is still possible. */
export const TIP_OPEN_STATUSES: readonly TipStatus[] = ['received']

export const TIP_DEPARTMENTS = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const satisfies readonly TipAssign['department'][]
export type TipDepartment = (typeof TIP_DEPARTMENTS)[number]

export const REWARD_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const satisfies readonly RewardPublic['status'][]
export type RewardStatus = (typeof REWARD_STATUSES)[number]

export const REWARD_BASES = ['major_hazard', 'illegal_operation'] as const satisfies readonly RewardPublic['basis'][]
export type RewardBasis = (typeof REWARD_BASES)[number]

export type TipSummary = Schemas['TipSummary']

export type TipPhoto = Schemas['TipPhotoPublic']

export type TipMessage = Schemas['TipMessagePublic']

export type TipHazard = Schemas['TipHazardPublic']

export type TipPublic = Schemas['TipPublic']

export interface TipQuery extends Query {
  status?: TipStatus
  category?: TipCategory
  department?: string
  facility_id?: string
  q?: string
  page?: number
  page_size?: number
}

export type TipAssign = Schemas['TipAssign']

export type TipDuplicate = Schemas['TipDuplicate']

export type TipClose = Schemas['TipClose']

export type TipOutcome = Schemas['TipOutcomeCreate']

export type RewardRule = Schemas['RewardRulePublic']

export type RewardRuleUpdate = Schemas['RewardRuleUpdate']

export type RewardPublic = Schemas['RewardPublic']

export type RewardPropose = Schemas['RewardCreate']

export interface RewardQuery extends Query {
  status?: RewardStatus
  page?: number
  page_size?: number
}

export const tipsApi = {
  list: (query: TipQuery, signal?: AbortSignal) => http.get<Page<TipSummary>>(`${base}/tips`, query, signal),
  get: (id: string) => http.get<TipPublic>(`${base}/tips/${enc(id)}`),
  /** A photo's bytes with the session's token (an <img> cannot send one): make a blob URL of it. */
  photo: async (tipId: string, photoId: string): Promise<Blob> =>
    (await rawRequest(`${base}/tips/${enc(tipId)}/photos/${enc(photoId)}`)).blob(),
  assign: (id: string, body: TipAssign) => http.post<TipPublic>(`${base}/tips/${enc(id)}/assign`, body),
  duplicate: (id: string, body: TipDuplicate) => http.post<TipPublic>(`${base}/tips/${enc(id)}/duplicate`, body),
  close: (id: string, body: TipClose) => http.post<TipPublic>(`${base}/tips/${enc(id)}/close`, body),
  outcome: (id: string, body: TipOutcome) => http.post<TipPublic>(`${base}/tips/${enc(id)}/outcome`, body),
  message: (id: string, body: string) => http.post<TipMessage>(`${base}/tips/${enc(id)}/messages`, { body } satisfies Schemas['TipMessageCreate']),
  proposeReward: (id: string, body: RewardPropose) => http.post<RewardPublic>(`${base}/tips/${enc(id)}/reward`, body),
}

export const rewardsApi = {
  rule: () => http.get<RewardRule>(`${base}/reward-rule`),
  updateRule: (body: RewardRuleUpdate) => http.put<RewardRule>(`${base}/reward-rule`, body),
  list: (query: RewardQuery, signal?: AbortSignal) => http.get<Page<RewardPublic>>(`${base}/rewards`, query, signal),
  get: (id: string) => http.get<RewardPublic>(`${base}/rewards/${enc(id)}`),
  approve: (id: string, body: Schemas['RewardApprove']) =>
    http.post<RewardPublic>(`${base}/rewards/${enc(id)}/approve`, body),
  reject: (id: string, body: Schemas['RewardReject']) =>
    http.post<RewardPublic>(`${base}/rewards/${enc(id)}/reject`, body),
  payout: (id: string, body: Schemas['RewardPayout']) =>
    http.post<RewardPublic>(`${base}/rewards/${enc(id)}/payout`, body),
  /** A POST so that the gateway audits every reading of a reporter's contact. */
  contact: (id: string) => http.post<Schemas['RewardContact']>(`${base}/rewards/${enc(id)}/contact`),
}

/** Whole fen → yuan with two decimals, e.g. 300000 → "3,000.00". */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—'
  const yuan = Math.trunc(fen / 100)
  const cents = Math.abs(fen % 100)
  return `${yuan.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`
}

/** Yuan as typed (up to two decimals) → whole fen; null when it is not a valid non-negative amount. */
export function yuanToFen(value: string | number): number | null {
  const text = String(value).trim().replace(/,/g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null
  const [whole, frac = ''] = text.split('.')
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** The reward rule's arithmetic (mirrors `rewards/rules.py`): clamp(fine × bp / 10000, min, max), half up. */
export function rewardAmount(fineFen: number, rule: Pick<RewardRule, 'percent_basis_points' | 'minimum_fen' | 'maximum_fen'>): number {
  const raw = Math.floor((fineFen * rule.percent_basis_points + 5000) / 10000)
  return Math.min(rule.maximum_fen, Math.max(rule.minimum_fen, raw))
}
