// The inspection service's shapes (services/inspection/DESIGN.md); the client lives in inspection.ts.
import type { ClassificationReason } from '@/components/inspection/classificationReasons'

export const INSPECTION_DEPARTMENTS = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const
export type InspectionDepartment = (typeof INSPECTION_DEPARTMENTS)[number]

export const ITEM_CATEGORIES = ['fire', 'building', 'food', 'medical', 'security', 'management', 'emergency'] as const
export type ItemCategory = (typeof ITEM_CATEGORIES)[number]

export const ANSWER_TYPES = ['pass_fail', 'number', 'text', 'photo'] as const
export type AnswerType = (typeof ANSWER_TYPES)[number]

export const PHASES = ['planned', 'survey', 'rectification', 'review', 'closed'] as const
export type Phase = (typeof PHASES)[number]

export const MODES = ['announced', 'covert', 'surprise', 'tip_check', 'follow_up', 'self_check'] as const
export type InspectionMode = (typeof MODES)[number]

export const TASK_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const RESULTS = ['pass', 'fail', 'not_applicable'] as const
export type AnswerResult = (typeof RESULTS)[number]

export const SEVERITIES = ['ordinary', 'major'] as const
export type Severity = (typeof SEVERITIES)[number]

export const CLASSES = ['shutdown', 'suspend', 'pass'] as const
export type FacilityClass = (typeof CLASSES)[number]

// ---- checklists ---------------------------------------------------------------------------------

export interface ItemDraft {
  code: string
  text_zh: string
  text_en?: string | null
  category: ItemCategory
  basis: string
  answer_type: AnswerType
  number_min?: number | null
  number_max?: number | null
  unit?: string | null
  photo_required: boolean
  major_hazard: boolean
  criterion_code?: string | null
  recommended_measures?: string | null
}

export interface ItemPublic extends ItemDraft {
  id: string
  position: number
}

export interface ChecklistSummary {
  id: string
  department: InspectionDepartment
  code: string
  title_zh: string
  title_en: string | null
  current_version: number | null
  draft_updated_at: string | null
  archived: boolean
}

export interface VersionRef {
  id: string
  version: number
  published_at: string
  published_by: string
  note: string | null
}

export interface ChecklistDetail extends ChecklistSummary {
  draft: ItemDraft[]
  versions: VersionRef[]
}

export interface ChecklistVersionPublic {
  id: string
  checklist_id: string
  version: number
  department: InspectionDepartment
  title_zh: string
  title_en: string | null
  note: string | null
  published_at: string
  published_by: string
  items: ItemPublic[]
}

export interface ChecklistCreate {
  department: InspectionDepartment
  code: string
  title_zh: string
  title_en?: string | null
  items?: ItemDraft[]
}

export interface DraftInput {
  title_zh: string
  title_en?: string | null
  items: ItemDraft[]
}

export interface MajorHazardCriterion {
  id: string
  code: string
  [key: string]: unknown
}

// ---- campaigns ----------------------------------------------------------------------------------

export interface CampaignPhases {
  survey_start: string
  survey_end: string
  rectification_start: string
  rectification_end: string
  review_start: string
  review_end: string
}

export interface CampaignSummary extends CampaignPhases {
  id: string
  name: string
  area_code: string
  departments: InspectionDepartment[]
  current_phase: Phase
  facilities_count: number
  survey_progress: number
}

export interface Campaign extends CampaignSummary {
  /** Days a major / ordinary hazard found in the campaign gets: the one place a campaign's deadlines are set. */
  deadline_days_major: number
  deadline_days_ordinary: number
  [key: string]: unknown
}

export interface CampaignInput extends CampaignPhases {
  name: string
  area_code: string
  departments: InspectionDepartment[]
  deadline_days_major?: number
  deadline_days_ordinary?: number
}

export interface CoverageFacility {
  facility_id: string
  name: string
  area_code: string
  departments_done: InspectionDepartment[]
  departments_missing: InspectionDepartment[]
}

export interface Coverage {
  progress: number
  pairs_total: number
  pairs_done: number
  facilities: CoverageFacility[]
}

export interface CampaignTarget {
  facility_id: string
  name: string
  area_code: string
  included: boolean
  reason?: string | null
  [key: string]: unknown
}

// ---- tasks --------------------------------------------------------------------------------------

export interface Person {
  subject: string
  name: string
}

export interface Task {
  id: string
  campaign_id: string
  facility_id: string
  facility_name?: string | null
  departments: InspectionDepartment[]
  mode: InspectionMode
  assignees: Person[]
  due_date: string
  status: TaskStatus
  inspection_id?: string | null
  overdue?: boolean
}

export interface TaskInput {
  campaign_id: string
  facility_id: string
  departments: InspectionDepartment[]
  mode: InspectionMode
  assignees: Person[]
  due_date: string
}

export interface TaskQuery {
  campaign_id?: string
  facility_id?: string
  department?: string
  mine?: boolean
  status?: TaskStatus | ''
  page?: number
  page_size?: number
}

// ---- inspections --------------------------------------------------------------------------------

export interface Inspector {
  name: string
  department: InspectionDepartment
  subject?: string | null
}

export interface InspectionCreate {
  campaign_id: string
  facility_id: string
  mode: InspectionMode
  departments: InspectionDepartment[]
  task_id?: string | null
  inspectors: Inspector[]
  started_at?: string
  latitude?: number
  longitude?: number
}

export interface FindingInput {
  description: string
  severity?: Severity
  measures?: string | null
  fixed_on_spot: boolean
  photo_ids?: string[]
}

export interface AnswerInput {
  item_id: string
  result: AnswerResult
  number?: number | null
  text?: string | null
  photo_ids?: string[]
  finding?: FindingInput
}

export interface Section {
  department: InspectionDepartment
  checklist_version_id: string
  items: ItemPublic[]
}

export interface Finding extends FindingInput {
  id?: string
  item_id: string
  severity: Severity
}

export interface Acknowledgement {
  name: string
  acknowledged_at?: string
}

export interface InspectionPublic {
  id: string
  campaign_id: string
  facility_id: string
  facility_name?: string | null
  mode: InspectionMode
  departments: InspectionDepartment[]
  status: 'draft' | 'submitted' | string
  inspectors: Inspector[]
  sections: Section[]
  answers: (AnswerInput & { finding?: FindingInput | null })[]
  findings: Finding[]
  acknowledgement: Acknowledgement | null
  amendments: unknown[]
  submitted_at?: string | null
}

export interface InspectionQuery {
  campaign_id?: string
  facility_id?: string
  department?: string
  mode?: InspectionMode | ''
  status?: string
  page?: number
  page_size?: number
}

export interface PhotoPublic {
  id: string
  content_type: string
  size: number
  width: number
  height: number
}

// ---- classification and report ------------------------------------------------------------------

export interface Classification {
  facility_id: string
  name: string
  /** null or a class this SPA does not list yet (e.g. not_inspected) is shown as it comes */
  suggested_class: FacilityClass | 'not_inspected' | null
  reasons: ClassificationReason[]
  decided_class?: FacilityClass | null
  decided_by?: string | null
  decision_reason?: string | null
  decided_at?: string | null
}

/** A count per key: the server may send an object map or a list of {key, count}. */
export type Counts = Record<string, number> | { key: string; count: number; [k: string]: unknown }[]

export interface SurveyReport {
  campaign: CampaignSummary
  generated_at: string
  facilities_total?: number
  /** `[{klass, suggested, decided}]` */
  facilities_by_class: Counts
  undecided?: number
  hazards_total?: number
  /** `[{key, total, major, ordinary, open}]` */
  hazards_by_department: Counts
  hazards_by_category: Counts
  hazards_by_severity: Counts
  coverage: { progress: number; pairs_total: number; pairs_done: number; [k: string]: unknown }
  by_subdistrict: Record<string, unknown>[]
  not_covered: Record<string, unknown>[]
}
