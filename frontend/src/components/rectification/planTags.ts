import type { PlanDecision, PlanState } from '@/api/planTypes'

/** Tag colours of the plan screens. */
export const DECISION_TAG: Record<PlanDecision, 'danger' | 'warning' | 'primary'> = {
  shutdown: 'danger',
  suspend: 'warning',
  rectify: 'primary',
}

export const PLAN_STATE_TAG: Record<PlanState, 'info' | 'success'> = {
  draft: 'info',
  approved: 'success',
}
