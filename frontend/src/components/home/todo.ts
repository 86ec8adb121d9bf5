/**
 * What waits for the signed-in person, by role: the home page's 待办 cards. Each kind is a count the server
 * already scopes to the caller (area, department, own facility) and the list page that opens it, filtered.
 * Pure: which kinds a role sees is tested without a server.
 */
import type { RouteLocationRaw } from 'vue-router'
import type { Position, Role } from '@/api/types'
import { canApprovePlans, canClassify, canReadDeliveryLog, canTriageTips, departmentOf } from '@/router/permissions'

export type TodoKind =
  | 'unread'
  | 'myTasks'
  | 'ownHazards'
  | 'toAccept'
  | 'toSignOff'
  | 'overdue'
  | 'escalated'
  | 'plansToApprove'
  | 'tipsToTriage'
  | 'tipsToCheck'
  | 'rewardsToDecide'
  | 'rewardsToPay'
  | 'failedDeliveries'

export interface Caller {
  role: Role | null | undefined
  position: Position | null | undefined
  department?: string | null
}

/** The kinds of work a role has, most pressing first. */
export function todoKinds({ role, position, department }: Caller): TodoKind[] {
  if (!role) return []
  if (role === 'reward_custodian') return ['rewardsToPay', 'unread']
  if (role === 'facility') return ['ownHazards', 'unread']
  const kinds: TodoKind[] = ['unread']
  const own = departmentOf(role, department)
  if (own && position === 'staff') kinds.push('myTasks')
  if (own) kinds.push('toAccept')
  if (own && position === 'head') kinds.push('toSignOff', 'rewardsToDecide')
  if (canTriageTips(role, position)) kinds.push('tipsToTriage')
  if (own) kinds.push('tipsToCheck')
  if (canClassify(role, position)) kinds.push('escalated')
  if (canApprovePlans(role, position)) kinds.push('plansToApprove')
  kinds.push('overdue')
  if (role === 'admin' && canReadDeliveryLog(role, position)) kinds.push('failedDeliveries')
  return kinds
}

/** The list page a kind opens, with the filter that shows exactly what was counted. */
export function todoLink(kind: TodoKind, caller: Caller): RouteLocationRaw {
  const department = departmentOf(caller.role, caller.department) ?? undefined
  const own = department && !(caller.role === 'civil_affairs' && caller.position === 'head') ? { department } : {}
  switch (kind) {
    case 'unread':
      return { name: 'inbox' }
    case 'myTasks':
      return { name: 'tasks' }
    case 'ownHazards':
      return { name: 'my-hazards' }
    case 'toAccept':
      return { name: 'ledger', query: { state: 'submitted', department } }
    case 'toSignOff':
      return { name: 'ledger', query: { state: 'accepted', ...own } }
    case 'overdue':
      return { name: 'ledger', query: { overdue: 'true' } }
    case 'escalated':
      return { name: 'ledger', query: { escalated: 'true', overdue: 'true' } }
    case 'plansToApprove':
      return { name: 'plans', query: { state: 'draft' } }
    case 'tipsToTriage':
      return { name: 'tips', query: { status: 'received' } }
    case 'tipsToCheck':
      return { name: 'tips', query: { status: 'assigned', department } }
    case 'rewardsToDecide':
      return { name: 'rewards', query: { status: 'proposed' } }
    case 'rewardsToPay':
      return { name: 'rewards', query: { status: 'approved' } }
    case 'failedDeliveries':
      return { name: 'deliveries', query: { status: 'failed' } }
  }
}

/** Kinds that mean something is late: shown in red when there is any. */
export const URGENT: readonly TodoKind[] = ['overdue', 'escalated', 'failedDeliveries']
