/** Which tip and reward actions the signed-in user is offered (the server still decides), and tag colours. */
import type { Position, Role } from '@/api/types'
import type { RewardPublic, RewardStatus, TipPublic, TipStatus } from '@/api/tips'
import { isApiProblem } from '@/api/http'
import {
  canDecideReward,
  canTriageTips,
  isRewardCustodian,
  isTipDepartment,
} from '@/router/permissions'
import { i18n } from '@/i18n'
import { problemMessage, reportError } from '@/utils/notify'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const TIP_STATUS_TAG: Record<TipStatus, TagType> = {
  received: 'warning',
  assigned: 'primary',
  verified: 'danger',
  unfounded: 'info',
  duplicate: 'info',
  closed: 'info',
}

export const REWARD_STATUS_TAG: Record<RewardStatus, TagType> = {
  proposed: 'warning',
  approved: 'primary',
  rejected: 'info',
  paid: 'success',
}

export interface Viewer {
  role: Role | null | undefined
  position: Position | null | undefined
  department: string | null | undefined
}

export interface TipActions {
  assign: boolean
  duplicate: boolean
  close: boolean
  outcome: boolean
  propose: boolean
  message: boolean
}

/**
 * Triage while the tip is `received`; the assigned department records an outcome while it is `assigned` and
 * proposes a reward once it is `verified` (when none exists yet). Messages: triagers and the department.
 */
export function tipActions(tip: Pick<TipPublic, 'status' | 'assigned_department' | 'reward_status'>, viewer: Viewer): TipActions {
  const triager = canTriageTips(viewer.role, viewer.position)
  const department = isTipDepartment(viewer.role, viewer.department, tip.assigned_department)
  const open = tip.status === 'received'
  return {
    assign: triager && open,
    duplicate: triager && open,
    close: triager && open,
    outcome: department && tip.status === 'assigned',
    propose: department && tip.status === 'verified' && !tip.reward_status,
    message: triager || department,
  }
}

export interface RewardActions {
  approve: boolean
  reject: boolean
  payout: boolean
  reveal: boolean
}

export function rewardActions(reward: Pick<RewardPublic, 'status' | 'department'>, viewer: Viewer): RewardActions {
  const head = canDecideReward(viewer.role, viewer.position, viewer.department, reward.department)
  const custodian = isRewardCustodian(viewer.role, viewer.position)
  return {
    approve: head && reward.status === 'proposed',
    reject: head && reward.status === 'proposed',
    payout: custodian && reward.status === 'approved',
    reveal: custodian && (reward.status === 'approved' || reward.status === 'paid'),
  }
}

/**
 * A refusal of a tip or reward action in the UI's language when its code is known here; the server's own
 * sentence otherwise. Returns the text shown (for a banner), or '' when nothing needed saying.
 */
export function tipRefusal(error: unknown): string {
  if (!isApiProblem(error)) {
    reportError(error)
    return ''
  }
  const key = `tips.codes.${error.code}`
  if (error.code && i18n.global.te(key)) return i18n.global.t(key, { detail: error.detail })
  return problemMessage(error)
}
