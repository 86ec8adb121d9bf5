/**
 * Shapes of the rectification service's facility plans (一院一策), follow-up policy (回头看) and relocation
 * (安置) progress (services/rectification/DESIGN.md, "Plans and relocation"). The client is in rectification.ts.
 * Server shapes are aliases of the generated `schema.d.ts`; the lists below are the values the UI offers.
 */
import type { Schemas } from './types'

export const PLAN_DECISIONS = ['shutdown', 'suspend', 'rectify'] as const satisfies readonly Schemas['PlanUpdate']['decision'][]
export type PlanDecision = (typeof PLAN_DECISIONS)[number]

export const PLAN_STATES = ['draft', 'approved'] as const
export type PlanState = (typeof PLAN_STATES)[number]

export const COOPERATIONS = ['cooperative', 'uncooperative'] as const satisfies readonly NonNullable<Schemas['PlanUpdate']['cooperation']>[]
export type Cooperation = (typeof COOPERATIONS)[number]

/** Decisions that stop the facility, so its residents must be relocated first. */
export const STOPPING_DECISIONS: readonly PlanDecision[] = ['shutdown', 'suspend']

/** A campaign's follow-up policy: days after a facility's last sign-off before the visit (1..365, default 30) and
 * the share of fully signed-off facilities drawn each month (0..100, default 10). */
export type FollowUpPolicy = Schemas['FollowUpPolicyPublic']
export type FollowUpPolicyUpdate = Schemas['FollowUpPolicyUpdate']

export type MilestoneInput = Schemas['MilestoneIn']
export type Milestone = Schemas['MilestonePublic']

export type Plan = Schemas['PlanPublic']
/** A row of the plan list. */
export type PlanSummary = Schemas['PlanSummary']

/** The list's filters as the view holds them. */
export interface PlanQuery {
  campaign_id?: string
  state?: PlanState
  decision?: PlanDecision
  page?: number
  page_size?: number
}

/** PUT body: the whole draft; `version` once the plan exists. */
export type PlanInput = Schemas['PlanUpdate']

export const DESTINATION_KINDS = ['facility', 'family', 'hospital', 'other'] as const satisfies readonly Schemas['Relocate']['destination_kind'][]
export type DestinationKind = (typeof DESTINATION_KINDS)[number]

export type RelocationRecord = Schemas['RelocationRecord']
/** A resident of the relocation list (`id_number` masked by the registry). */
export type RelocationResident = Schemas['RelocationResident']
export type RelocationProgress = Schemas['RelocationProgress']
/** A facility that could take residents; `classification` is the latest class decided (null until classified). */
export type ReceivingFacility = Schemas['ReceivingFacility']

/** The registry's relocate body: a receiving facility for kind `facility`, else a destination text. */
export type RelocateInput = Schemas['Relocate']
