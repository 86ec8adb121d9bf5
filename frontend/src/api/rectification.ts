/**
 * The rectification service (services/rectification/DESIGN.md): the hazard ledger (隐患台账) with its
 * state machine, evidence and extensions, supervision orders (挂牌督办) and the printable documents.
 * Every route is under `/api/rectification`.
 */
import { http, type Query } from './http'
import type { Page, Schemas } from './types'
import type { FollowUpPolicy, FollowUpPolicyUpdate, Plan, PlanInput, PlanQuery, PlanSummary, ReceivingFacility, RelocationProgress } from './planTypes'

/** withdrawn: closed because an amendment of its inspection found the item passed after all. */
export const HAZARD_STATES = ['open', 'in_progress', 'submitted', 'accepted', 'signed_off', 'withdrawn'] as const
export type HazardState = (typeof HAZARD_STATES)[number]

export const HAZARD_SEVERITIES = ['ordinary', 'major'] as const
export type HazardSeverity = (typeof HAZARD_SEVERITIES)[number]

export const HAZARD_DEPARTMENTS = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const
export type HazardDepartment = (typeof HAZARD_DEPARTMENTS)[number]

export const HAZARD_SORTS = ['deadline', '-deadline', 'found_at', '-found_at', 'severity', '-severity', 'updated_at'] as const
export type HazardSort = (typeof HAZARD_SORTS)[number]

export const EXTENSION_STATES = ['pending', 'approved', 'rejected'] as const
export type ExtensionState = (typeof EXTENSION_STATES)[number]

export const SUPERVISION_LEVELS = ['district', 'city'] as const
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number]

export const SUPERVISION_STATES = ['open', 'closed'] as const
export type SupervisionState = (typeof SUPERVISION_STATES)[number]

export const LIGHTS = ['red', 'yellow', 'green'] as const
export type Light = (typeof LIGHTS)[number]

// ---- ledger -------------------------------------------------------------------------------------

/** A hazard of the ledger; `escalated_at` is set when notification's ladder flagged it for a supervision order. */
export type Hazard = Schemas['HazardPublic']
export type HazardHistory = Schemas['HistoryPublic']
export type HazardEvidence = Schemas['EvidencePublic']
export type DeadlineExtension = Schemas['ExtensionPublic']
export type HazardDetail = Schemas['HazardDetail']

export interface HazardFilters {
  campaign_id?: string
  area_code?: string
  facility_id?: string
  department?: HazardDepartment
  severity?: HazardSeverity
  state?: HazardState
  overdue?: boolean
  escalated?: boolean
  deadline_from?: string
  deadline_to?: string
  q?: string
  sort?: HazardSort
}

export interface HazardQuery extends HazardFilters {
  page?: number
  page_size?: number
}

export type HazardUpdate = Schemas['HazardUpdate']
/** A new deadline (YYYY-MM-DD, later than the current one) and why. */
export type ExtensionCreate = Schemas['ExtensionCreate']
export type DeadlinePolicy = Schemas['DeadlinePolicyPublic']

// ---- supervision --------------------------------------------------------------------------------

/** A supervision order (督办单, number DB-YYYY-NNNN). */
export type SupervisionOrder = Schemas['SupervisionOrderPublic']

/** Exactly one of `hazard_ids` and `facility_id` (the server answers 422 otherwise). */
export type SupervisionOrderCreate = Schemas['SupervisionOrderCreate']

export interface SupervisionQuery {
  state?: SupervisionState
  level?: SupervisionLevel
  facility_id?: string
  area?: string
  page?: number
  page_size?: number
}

// ---- client -------------------------------------------------------------------------------------

const base = '/rectification'
const enc = encodeURIComponent
const hazard = (id: string) => `${base}/hazards/${enc(id)}`
const order = (id: string) => `${base}/supervision-orders/${enc(id)}`
const plan = (facilityId: string) => `${base}/facilities/${enc(facilityId)}/plan`
/** The path naming the plan's campaign, for the POSTs (a body carries no campaign there). */
const inCampaign = (path: string, campaignId?: string) =>
  campaignId ? `${path}?campaign_id=${enc(campaignId)}` : path
const relocation = (facilityId: string) => `${base}/facilities/${enc(facilityId)}/relocation`

/** Drop empty values; booleans travel as `true`/`false`. */
export function hazardQuery(query: HazardQuery): Query {
  const out: Query = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = value as string | number | boolean
  }
  return out
}

export const rectificationApi = {
  hazards: (query: HazardQuery = {}, signal?: AbortSignal) =>
    http.get<Page<Hazard>>(`${base}/hazards`, hazardQuery(query), signal),
  /** The filtered ledger as xlsx (page and page_size are not export parameters). */
  exportHazards: (filters: HazardFilters = {}) => {
    const { page: _page, page_size: _size, ...rest } = filters as HazardQuery
    return http.download(`${base}/hazards/export`, { query: hazardQuery(rest) })
  },
  hazard: (id: string) => http.get<HazardDetail>(hazard(id)),
  updateHazard: (id: string, body: HazardUpdate) => http.patch<Hazard>(hazard(id), body),
  start: (id: string) => http.post<Hazard>(`${hazard(id)}/start`),
  uploadEvidence: (id: string, file: Blob, filename: string, note?: string) => {
    const form = new FormData()
    form.append('file', file, filename)
    if (note) form.append('note', note)
    return http.upload<HazardEvidence>(`${hazard(id)}/evidence`, form)
  },
  evidence: (id: string, evidenceId: string) => http.download(`${hazard(id)}/evidence/${enc(evidenceId)}`),
  submit: (id: string, note?: string) => http.post<Hazard>(`${hazard(id)}/submit`, { note: note || null }),
  accept: (id: string, note?: string) => http.post<Hazard>(`${hazard(id)}/accept`, { note: note || null }),
  reject: (id: string, reason: string) => http.post<Hazard>(`${hazard(id)}/reject`, { reason }),
  signOff: (id: string) => http.post<Hazard>(`${hazard(id)}/sign-off`),
  requestExtension: (id: string, body: ExtensionCreate) =>
    http.post<DeadlineExtension>(`${hazard(id)}/extensions`, body),
  decideExtension: (id: string, extensionId: string, approve: boolean, note?: string) =>
    http.post<DeadlineExtension>(
      `${hazard(id)}/extensions/${enc(extensionId)}/${approve ? 'approve' : 'reject'}`,
      { note: note || null },
    ),
  /** The campaign's deadline days as the ledger applies them (read-only: they are set on the campaign). */
  deadlinePolicy: (campaignId: string) => http.get<DeadlinePolicy>(`${base}/campaigns/${enc(campaignId)}/deadline-policy`),
  followUpPolicy: (campaignId: string) => http.get<FollowUpPolicy>(`${base}/campaigns/${enc(campaignId)}/follow-up-policy`),
  putFollowUpPolicy: (campaignId: string, body: FollowUpPolicyUpdate) =>
    http.put<FollowUpPolicy>(`${base}/campaigns/${enc(campaignId)}/follow-up-policy`, body),

  plans: (query: PlanQuery = {}, signal?: AbortSignal) =>
    http.get<Page<PlanSummary>>(`${base}/plans`, hazardQuery(query as HazardQuery), signal),
  /** The facility's plan in a campaign (one per facility and campaign); without one, the plan that applies now. */
  plan: (facilityId: string, campaignId?: string) =>
    http.get<Plan>(plan(facilityId), campaignId ? { campaign_id: campaignId } : undefined),
  /** Create or replace the draft of `body.campaign_id` (409 `plan_approved` once approved; 422 `campaign_not_found`
   * or `facility_not_in_campaign` on `campaign_id`). */
  putPlan: (facilityId: string, body: PlanInput) => http.put<Plan>(plan(facilityId), body),
  markMilestone: (facilityId: string, index: number, done: boolean, campaignId?: string) =>
    http.post<Plan>(inCampaign(`${plan(facilityId)}/milestones/${index}/done`, campaignId), { done }),
  /** The task force leader only (403 `not_leader`; 422 `plan_incomplete` names the missing parts). */
  approvePlan: (facilityId: string, note?: string, campaignId?: string) =>
    http.post<Plan>(inCampaign(`${plan(facilityId)}/approve`, campaignId), { note: note || null }),
  relocation: (facilityId: string) => http.get<RelocationProgress>(relocation(facilityId)),
  /** Operating facilities with free beds that could take residents now: classified pass first, then nearest first. */
  relocationSuggestions: async (facilityId: string, limit = 10): Promise<ReceivingFacility[]> =>
    (await http.get<Schemas['ReceivingSuggestions']>(`${relocation(facilityId)}/suggestions`, { limit })).items,

  supervisionOrders: (query: SupervisionQuery = {}, signal?: AbortSignal) =>
    http.get<Page<SupervisionOrder>>(`${base}/supervision-orders`, hazardQuery(query as HazardQuery), signal),
  supervisionOrder: (id: string) => http.get<SupervisionOrder>(order(id)),
  issueOrder: (body: SupervisionOrderCreate) => http.post<SupervisionOrder>(`${base}/supervision-orders`, body),
  closeOrder: (id: string) => http.post<SupervisionOrder>(`${order(id)}/close`),

  /** 督办单 (printable HTML, fetched with the session's token). */
  orderDocument: (id: string) => http.download(`${order(id)}/document.html`),
  /** 整改通知书 of a facility (printable HTML). */
  rectificationNotice: (facilityId: string) =>
    http.download(`${base}/facilities/${enc(facilityId)}/rectification-notice.html`),
}
