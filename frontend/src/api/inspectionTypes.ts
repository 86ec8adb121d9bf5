// The inspection service's shapes (services/inspection/DESIGN.md); the client lives in inspection.ts.
// Server shapes are aliases of the generated `schema.d.ts`; the lists below are the values the UI offers.
import { asOneOf, type Schemas } from './types'

export const INSPECTION_DEPARTMENTS = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const satisfies readonly Schemas['Inspector']['department'][]
export type InspectionDepartment = (typeof INSPECTION_DEPARTMENTS)[number]

export const ITEM_CATEGORIES = ['fire', 'building', 'food', 'medical', 'security', 'management', 'emergency'] as const satisfies readonly Schemas['ItemDraft']['category'][]
export type ItemCategory = (typeof ITEM_CATEGORIES)[number]

export const ANSWER_TYPES = ['pass_fail', 'number', 'text', 'photo'] as const satisfies readonly Schemas['ItemDraft']['answer_type'][]
export type AnswerType = (typeof ANSWER_TYPES)[number]

export const PHASES = ['planned', 'survey', 'rectification', 'review', 'closed'] as const satisfies readonly Schemas['CampaignSummary']['current_phase'][]
export type Phase = (typeof PHASES)[number]

export const MODES = ['announced', 'covert', 'surprise', 'tip_check', 'follow_up', 'self_check'] as const satisfies readonly Schemas['InspectionCreate']['mode'][]
export type InspectionMode = (typeof MODES)[number]

export const TASK_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const satisfies readonly Schemas['TaskPublic']['status'][]
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const RESULTS = ['pass', 'fail', 'not_applicable'] as const satisfies readonly Schemas['AnswerInput']['result'][]
export type AnswerResult = (typeof RESULTS)[number]

export const SEVERITIES = ['ordinary', 'major'] as const satisfies readonly NonNullable<Schemas['FindingInput']['severity']>[]
export type Severity = (typeof SEVERITIES)[number]

/** The classes the task force decides. */
export const CLASSES = ['shutdown', 'suspend', 'pass'] as const satisfies readonly Schemas['ClassificationDecision']['class'][]
export type FacilityClass = (typeof CLASSES)[number]
/** What the rules may suggest: not_inspected while a department of the campaign has not inspected (never decided). */
export const SUGGESTED_CLASSES = [...CLASSES, 'not_inspected'] as const satisfies readonly NonNullable<Schemas['ClassificationPublic']['suggested_class']>[]
export type SuggestedClass = (typeof SUGGESTED_CLASSES)[number]

// ---- checklists ---------------------------------------------------------------------------------

export type ItemDraft = Schemas['ItemDraft']
export type ItemPublic = Schemas['ItemPublic']

/** A checklist item as the editor holds it: the server answers its answer type and category as plain strings. */
export function itemDraftOf<T extends Schemas['ItemDraftPublic']>(item: T): T & ItemDraft {
  return {
    ...item,
    answer_type: asOneOf(ANSWER_TYPES, item.answer_type) ?? 'pass_fail',
    category: asOneOf(ITEM_CATEGORIES, item.category) ?? 'management',
  }
}
export type ChecklistSummary = Schemas['ChecklistSummary']
export type VersionRef = Schemas['VersionSummary']
export type ChecklistDetail = Schemas['ChecklistDetail']
export type ChecklistVersionPublic = Schemas['ChecklistVersionPublic']
export type ChecklistCreate = Schemas['ChecklistCreate']
export type DraftInput = Schemas['DraftUpdate']
export type MajorHazardCriterion = Schemas['CriterionPublic']

// ---- campaigns ----------------------------------------------------------------------------------

/** The six phase dates of a campaign. */
export type CampaignPhases = Pick<
  Schemas['CampaignSummary'],
  'survey_start' | 'survey_end' | 'rectification_start' | 'rectification_end' | 'review_start' | 'review_end'
>
export type CampaignSummary = Schemas['CampaignSummary']
/** A campaign; `deadline_days_major/ordinary` are the one place a campaign's hazard deadlines are set. */
export type Campaign = Schemas['CampaignPublic']
export type CampaignInput = Schemas['CampaignCreate']
export type CampaignUpdate = Schemas['CampaignUpdate']
export type CoverageFacility = Schemas['CoverageFacility']
export type Coverage = Schemas['CoveragePublic']
export type CampaignTarget = Schemas['CampaignFacilityPublic']

// ---- tasks --------------------------------------------------------------------------------------

export type Person = Schemas['AssigneePublic']
/** An account a task may be given to (GET /inspectors): the active accounts of a department. */
export type InspectorAccount = Schemas['InspectorAccount']
/** An inspection made for a task (a joint task may have one per department, or one joint inspection). */
export type TaskInspection = Schemas['TaskInspection']
/** A task; the task is done when no department of it is missing a submitted inspection. */
export type Task = Schemas['TaskPublic']
/** A new task; assignees are account ids from the inspector picker (the server records each account's name). */
export type TaskInput = Schemas['TaskCreate']
export type TaskUpdate = Schemas['TaskUpdate']

/** The task list's filters as the view holds them ('' = any). */
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

export type Inspector = Schemas['Inspector']
export type InspectionCreate = Schemas['InspectionCreate']
export type FindingInput = Schemas['FindingInput']
export type AnswerInput = Schemas['AnswerInput']
export type AnswerPublic = Schemas['AnswerPublic']
export type Section = Schemas['SectionPublic']
export type Finding = Schemas['FindingPublic']
export type Acknowledgement = Schemas['AcknowledgementPublic']
/** An inspection; `acknowledgement` is the manager's of the current answers and findings (null while pending), and
 * `acknowledgement_cleared_at` is set when they changed after one, which must then be given again. */
export type InspectionPublic = Schemas['InspectionPublic']
export type InspectionSummary = Schemas['InspectionSummary']

/** The inspection list's filters as the view holds them ('' = any). */
export interface InspectionQuery {
  campaign_id?: string
  facility_id?: string
  department?: string
  mode?: InspectionMode | ''
  status?: string
  page?: number
  page_size?: number
}

export type PhotoPublic = Schemas['PhotoPublic']

// ---- classification and report ------------------------------------------------------------------

/** A facility's classification: the rules' suggestion (not_inspected while a department of the campaign has not
 * inspected; null when no rule holds) and the task force's decision. */
export type Classification = Schemas['ClassificationPublic']
export type ClassificationDecision = Schemas['ClassificationDecision']
export type SurveyReport = Schemas['SurveyReport']
