/**
 * Shapes of the rectification service's facility plans (一院一策), follow-up policy (回头看) and relocation
 * (安置) progress (services/rectification/DESIGN.md, "Plans and relocation"). The client is in rectification.ts.
 */

export const PLAN_DECISIONS = ['shutdown', 'suspend', 'rectify'] as const
export type PlanDecision = (typeof PLAN_DECISIONS)[number]

export const PLAN_STATES = ['draft', 'approved'] as const
export type PlanState = (typeof PLAN_STATES)[number]

export const COOPERATIONS = ['cooperative', 'uncooperative'] as const
export type Cooperation = (typeof COOPERATIONS)[number]

/** Decisions that stop the facility, so its residents must be relocated first. */
export const STOPPING_DECISIONS: readonly PlanDecision[] = ['shutdown', 'suspend']

export interface FollowUpPolicy {
  campaign_id: string
  /** Days after a facility's last sign-off before the follow-up visit, 1..365 (default 30). */
  delay_days: number
  /** Share of fully signed-off facilities drawn each month, 0..100 (default 10). */
  monthly_sample_percent: number
  updated_at: string | null
}

export interface MilestoneInput {
  title: string
  owner: string
  /** YYYY-MM-DD */
  due_date: string
  done: boolean
}

export interface Milestone extends MilestoneInput {
  done_at: string | null
}

export interface Plan {
  id: string
  campaign_id: string | null
  facility_id: string
  facility_name: string | null
  area_code: string
  decision: PlanDecision
  measures: string | null
  milestones: Milestone[]
  relocation_plan: string | null
  cooperation: Cooperation | null
  support_measures: string | null
  enforcement_measures: string | null
  state: PlanState
  approved_by_name: string | null
  approved_at: string | null
  approval_note: string | null
  relocation_completed_at: string | null
  created_at: string
  updated_at: string
  version: number
  relocated?: number
  remaining?: number | null
}

/** A row of the plan list. */
export interface PlanSummary {
  id: string
  campaign_id: string | null
  facility_id: string
  facility_name: string | null
  area_code: string
  facility_status?: string | null
  decision: PlanDecision
  cooperation: Cooperation | null
  state: PlanState
  milestones_total?: number
  milestones_done?: number
  next_due_date?: string | null
  approved_at: string | null
  relocated?: number
  remaining?: number | null
  relocation_completed_at?: string | null
  updated_at: string
}

export interface PlanQuery {
  campaign_id?: string
  state?: PlanState
  decision?: PlanDecision
  page?: number
  page_size?: number
}

/** PUT body: the whole draft; `version` once the plan exists. */
export interface PlanInput {
  campaign_id?: string | null
  decision: PlanDecision
  measures: string | null
  milestones: MilestoneInput[]
  relocation_plan: string | null
  cooperation: Cooperation | null
  support_measures: string | null
  enforcement_measures: string | null
  version?: number
}

export const DESTINATION_KINDS = ['facility', 'family', 'hospital', 'other'] as const
export type DestinationKind = (typeof DESTINATION_KINDS)[number]

export interface RelocationRecord {
  destination_kind: DestinationKind
  receiving_facility_id: string | null
  receiving_facility_name: string | null
  destination: string | null
  moved_on: string
  confirmed_by_name: string | null
}

export interface RelocationResident {
  resident_id: string
  name: string
  /** Masked by the registry. */
  id_number: string
  care_level: string | null
  active: boolean
  relocation: RelocationRecord | null
}

export interface RelocationProgress {
  facility_id: string
  facility_name: string
  status: string
  plan_state: PlanState | null
  decision: PlanDecision | null
  total: number
  relocated: number
  remaining: number
  completed: boolean
  completed_at: string | null
  residents: RelocationResident[]
}

export interface ReceivingFacility {
  facility_id: string
  name: string
  area_code: string
  free_beds: number
  /** The latest class decided (pass ranks first); null until the task force classifies it. */
  classification: 'shutdown' | 'suspend' | 'pass' | null
  distance_km: number | null
}

/** The registry's relocate body: a receiving facility for kind `facility`, else a destination text. */
export interface RelocateInput {
  destination_kind: DestinationKind
  receiving_facility_id?: string
  destination?: string
  /** YYYY-MM-DD, not in the future */
  moved_on: string
  confirmed_by_name: string
}
