/**
 * The home page's blocks, by role: which blocks a signed-in person sees and in which order, and how a block
 * orders its few most urgent items. Pure (no server, no component): the choice and the orderings are tested alone.
 */
import type { RouteLocationRaw } from 'vue-router'
import type { Position, Role } from '@/api/types'
import { departmentOf } from '@/router/permissions'
import { addDays } from '@/utils/chinaTime'

export type BlockKind =
  // field inspector
  | 'tasksToday'
  | 'tasksWeek'
  | 'drafts'
  // facility manager
  | 'facilityHazards'
  | 'acknowledgements'
  // department staff and heads
  | 'deptOverdue'
  | 'deptOpen'
  | 'deptToAccept'
  // community and sub-district
  | 'areaFacilities'
  | 'areaOverdue'
  | 'areaOpen'
  | 'relocations'
  // task force and leaders
  | 'escalated'
  | 'ordersDue'
  // reward custodian
  | 'rewardsToPay'

export interface Caller {
  role: Role | null | undefined
  position: Position | null | undefined
  department?: string | null
}

export interface HomeLayout {
  /** 我的待办 on top (not for the custodian, whose one to-do is its block). */
  todo: boolean
  blocks: BlockKind[]
  /** The facility counts and charts every role had before (task force, civil affairs, the administrator). */
  overview: boolean
}

/** What a role's home page shows, most pressing first. */
export function homeLayout({ role, position, department }: Caller): HomeLayout {
  if (!role) return { todo: false, blocks: [], overview: false }
  if (role === 'reward_custodian') return { todo: false, blocks: ['rewardsToPay'], overview: false }
  if (role === 'facility') return { todo: true, blocks: ['facilityHazards', 'acknowledgements'], overview: false }
  if (role === 'admin') return { todo: true, blocks: [], overview: true }
  if (role === 'task_force') return { todo: true, blocks: ['escalated', 'ordersDue'], overview: true }
  if (role === 'subdistrict' || role === 'community') {
    return { todo: true, blocks: ['areaOverdue', 'areaOpen', 'relocations', 'areaFacilities'], overview: false }
  }
  const blocks: BlockKind[] = []
  if (departmentOf(role, department)) {
    if (position === 'staff') blocks.push('tasksToday', 'tasksWeek', 'drafts')
    blocks.push('deptOverdue', 'deptOpen', 'deptToAccept')
  }
  return { todo: true, blocks, overview: role === 'civil_affairs' }
}

// ---- tasks: today and this week (China dates on the business clock) ------------------------------

/** The Sunday closing the Monday-to-Sunday week of ``today`` (YYYY-MM-DD). */
export function endOfWeek(today: string): string {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() // 0 Sunday … 6 Saturday
  return addDays(today, weekday === 0 ? 0 : 7 - weekday)
}

interface Dated {
  due_date: string
}

/** Due today or already late (late first, then by due date). */
export function dueToday<T extends Dated>(tasks: readonly T[], today: string): T[] {
  return tasks.filter((task) => task.due_date <= today).sort((a, b) => a.due_date.localeCompare(b.due_date))
}

/** Due after today and by the end of this week, soonest first. */
export function dueThisWeek<T extends Dated>(tasks: readonly T[], today: string): T[] {
  const end = endOfWeek(today)
  return tasks
    .filter((task) => task.due_date > today && task.due_date <= end)
    .sort((a, b) => a.due_date.localeCompare(b.due_date))
}

// ---- a facility's own hazards: what each needs next -------------------------------------------------

export type NextStep = 'start' | 'uploadEvidence' | 'submit' | 'redo' | 'waitAcceptance' | 'waitSignOff'

export interface OwnHazard {
  state: string
  deadline: string
  overdue: boolean
  rejection_reason: string | null
  /** Evidence uploaded so far (known from the hazard's detail; undefined when not read). */
  evidence?: number
}

/** What the facility does next with a hazard (or waits for). */
export function nextStep(hazard: OwnHazard): NextStep {
  if (hazard.state === 'open') return 'start'
  if (hazard.state === 'submitted') return 'waitAcceptance'
  if (hazard.state === 'accepted') return 'waitSignOff'
  if (hazard.rejection_reason) return 'redo'
  return hazard.evidence ? 'submit' : 'uploadEvidence'
}

const WAITING: readonly NextStep[] = ['waitAcceptance', 'waitSignOff']

/** The facility's hazards as it should work them: those it must act on first (late first, then by deadline),
 * then those waiting for the department. */
export function orderOwnHazards<T extends OwnHazard>(hazards: readonly T[]): T[] {
  const rank = (h: T) => (WAITING.includes(nextStep(h)) ? 1 : 0)
  return [...hazards].sort(
    (a, b) => rank(a) - rank(b) || Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline),
  )
}

// ---- supervision orders near their deadline ------------------------------------------------------

interface Order {
  deadline: string
  light: string
  state: string
}

/** Open orders whose light is red or yellow (late or close to the deadline), nearest deadline first. */
export function ordersNearDeadline<T extends Order>(orders: readonly T[]): T[] {
  return orders
    .filter((order) => order.state === 'open' && order.light !== 'green')
    .sort((a, b) => a.deadline.localeCompare(b.deadline))
}

// ---- the list behind each block ---------------------------------------------------------------------

/** The list page a block opens, filtered to what the block counts. */
export function blockLink(kind: BlockKind, caller: Caller, facilityId?: string | null): RouteLocationRaw {
  const department = departmentOf(caller.role, caller.department) ?? undefined
  switch (kind) {
    case 'tasksToday':
    case 'tasksWeek':
    case 'drafts':
      return { name: 'tasks' }
    case 'facilityHazards':
      return { name: 'my-hazards' }
    case 'acknowledgements':
      return facilityId ? { name: 'facility-detail', params: { id: facilityId } } : { name: 'home' }
    case 'deptOverdue':
      return { name: 'ledger', query: { department, overdue: 'true', sort: 'deadline' } }
    case 'deptOpen':
      return { name: 'ledger', query: { department, sort: 'deadline' } }
    case 'deptToAccept':
      return { name: 'ledger', query: { department, state: 'submitted', sort: 'deadline' } }
    case 'areaFacilities':
      return { name: 'facilities' }
    case 'areaOverdue':
      return { name: 'ledger', query: { overdue: 'true', sort: 'deadline' } }
    case 'areaOpen':
      return { name: 'ledger', query: { sort: 'deadline' } }
    case 'relocations':
      return { name: 'plans', query: { decision: 'shutdown' } }
    case 'escalated':
      return { name: 'ledger', query: { escalated: 'true', sort: 'deadline' } }
    case 'ordersDue':
      return { name: 'supervision' }
    case 'rewardsToPay':
      return { name: 'rewards', query: { status: 'approved' } }
  }
}
