import type { Position, Role } from '@/api/types'

/** Who may register, import, export and edit facilities. */
export const FACILITY_ADMIN_ROLES: readonly Role[] = ['civil_affairs', 'admin']

export function canManageFacilities(role: Role | null | undefined): boolean {
  return !!role && FACILITY_ADMIN_ROLES.includes(role)
}

/** Status changes: civil affairs, the task force leader or deputy, the administrator. */
export function canChangeStatus(role: Role | null | undefined, position: Position | null | undefined): boolean {
  if (!role) return false
  if (role === 'civil_affairs' || role === 'admin') return true
  return role === 'task_force' && (position === 'leader' || position === 'deputy')
}

/** Readiness (plan, drills, equipment): civil affairs, the administrator, and the facility itself. */
export function canEditReadiness(role: Role | null | undefined): boolean {
  return role === 'civil_affairs' || role === 'admin' || role === 'facility'
}

export interface MenuItem {
  key: 'home' | 'facilities' | 'accounts' | 'campaigns' | 'checklists' | 'tasks' | 'selfCheck'
    | 'ledger' | 'supervision' | 'myHazards' | 'plans' | 'deliveries' | 'notificationSettings' | 'tips' | 'rewards'
  /** i18n key of the label */
  label: string
  path: string
  icon: 'HomeFilled' | 'OfficeBuilding' | 'User' | 'Bell' | 'Setting'
}

/**
 * The side menu for a role. Everyone sees home and facilities; a facility manager's "facilities" entry
 * opens their own facility; only the administrator sees account management.
 */
export function menuForRole(
  role: Role | null | undefined,
  facilityId?: string | null,
  position?: Position | null,
): MenuItem[] {
  if (!role) return []
  // The reward custodian holds no other power (least privilege): its whole desk is its home and 举报奖励.
  if (role === 'reward_custodian') return [{ key: 'home', label: 'menu.home', path: '/', icon: 'HomeFilled' }, ...tipMenu(role)]
  const items: MenuItem[] = [{ key: 'home', label: 'menu.home', path: '/', icon: 'HomeFilled' }]
  if (role === 'facility') {
    if (facilityId) {
      items.push({
        key: 'facilities',
        label: 'menu.myFacility',
        path: `/facilities/${encodeURIComponent(facilityId)}`,
        icon: 'OfficeBuilding',
      })
    }
  } else {
    items.push({ key: 'facilities', label: 'menu.facilities', path: '/facilities', icon: 'OfficeBuilding' })
  }
  items.push(...inspectionMenu(role))
  items.push(...rectificationMenu(role))
  items.push(...notificationMenu(role, position))
  items.push(...tipMenu(role))
  if (role === 'admin') items.push({ key: 'accounts', label: 'menu.accounts', path: '/accounts', icon: 'User' })
  return items
}

// ---- inspection (issue 3) -------------------------------------------------------------------------

/** Who may create and edit campaigns: civil affairs, the task force leader or deputy, the administrator. */
export function canManageCampaigns(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return canChangeStatus(role, position)
}

/** Who may plan inspection tasks: civil affairs, the task force leader or deputy, department heads, admin. */
export function canPlanTasks(role: Role | null | undefined, position: Position | null | undefined): boolean {
  if (canManageCampaigns(role, position)) return true
  return !!role && (INSPECTION_DEPARTMENT_ROLES as readonly string[]).includes(role) && position === 'head'
}

/** Replan or staff one task: a planner, a department head only a task of their own department alone. */
export function canPlanTask(role: Role | null | undefined, position: Position | null | undefined, departments: readonly string[]): boolean {
  if (canManageCampaigns(role, position)) return true
  return canPlanTasks(role, position) && departments.every((d) => d === role)
}

/** Classification decisions: the task force leader or deputy only. */
export function canClassify(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return role === 'task_force' && (position === 'leader' || position === 'deputy')
}

export const INSPECTION_DEPARTMENT_ROLES = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const

/** The department a user inspects for and authors checklists of (null for non-department roles). */
export function departmentOf(role: Role | null | undefined, department?: string | null): string | null {
  if (department) return department
  return role && (INSPECTION_DEPARTMENT_ROLES as readonly string[]).includes(role) ? role : null
}

/** A department user edits their own department's checklists; the administrator any. */
export function canEditChecklist(role: Role | null | undefined, department: string, own?: string | null): boolean {
  if (role === 'admin') return true
  return !!role && departmentOf(role, own) === department
}

/** Who records official inspections: department staff and heads. */
export function canInspect(role: Role | null | undefined): boolean {
  return departmentOf(role) !== null
}

/** Campaigns, checklists and tasks for everyone but facility managers, who get their self-check. */
export function inspectionMenu(role: Role): MenuItem[] {
  if (role === 'facility') return [{ key: 'selfCheck', label: 'menu.selfCheck', path: '/self-check', icon: 'OfficeBuilding' }]
  return [
    { key: 'campaigns', label: 'menu.campaigns', path: '/campaigns', icon: 'HomeFilled' },
    { key: 'checklists', label: 'menu.checklists', path: '/checklists', icon: 'OfficeBuilding' },
    { key: 'tasks', label: 'menu.tasks', path: '/tasks', icon: 'User' },
  ]
}

// ---- rectification (issue 4) ----------------------------------------------------------------------

/**
 * The ledger, the supervision board and the facility plans (一院一策) for everyone but facility managers,
 * who see their own hazards.
 */
export function rectificationMenu(role: Role): MenuItem[] {
  if (role === 'facility') return [{ key: 'myHazards', label: 'menu.myHazards', path: '/my-hazards', icon: 'OfficeBuilding' }]
  return [
    { key: 'ledger', label: 'menu.ledger', path: '/ledger', icon: 'OfficeBuilding' },
    { key: 'supervision', label: 'menu.supervision', path: '/supervision', icon: 'HomeFilled' },
    { key: 'plans', label: 'menu.plans', path: '/plans', icon: 'OfficeBuilding' },
  ]
}

/** A campaign's deadline and follow-up (回头看) policies: civil affairs, the task force, the administrator. */
export function canEditCampaignPolicies(role: Role | null | undefined): boolean {
  return role === 'civil_affairs' || role === 'task_force' || role === 'admin'
}

/** Write a facility plan and tick its milestones: the task force leader or deputy, civil affairs, admin. */
export function canEditPlans(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return canChangeStatus(role, position)
}

/** Approve a facility plan: the task force leader alone. */
export function canApprovePlans(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return role === 'task_force' && position === 'leader'
}

/**
 * Record a relocation (安置) with the registry: civil affairs, admin, the facility's own manager, sub-district
 * and community officers, the task force leader or deputy.
 */
export function canRelocate(role: Role | null | undefined, position: Position | null | undefined): boolean {
  if (!role) return false
  if (role === 'task_force') return position === 'leader' || position === 'deputy'
  return ['civil_affairs', 'admin', 'facility', 'subdistrict', 'community'].includes(role)
}

// ---- notification (issue 5) -----------------------------------------------------------------------

/** The delivery log: admins, the civil affairs head and the task force leader (delivery/service.py). */
export const DELIVERY_LOG_ROLES: readonly Role[] = ['admin', 'civil_affairs', 'task_force']
export const DELIVERY_LOG_POSITIONS: Partial<Record<Role, readonly Position[]>> = {
  civil_affairs: ['head'],
  task_force: ['leader'],
}

/** Whether a role (and, for the roles that need one, a position) passes a role list with position limits. */
export function allowedBy(
  roles: readonly Role[] | undefined,
  positions: Partial<Record<Role, readonly Position[]>> | undefined,
  role: Role | null | undefined,
  position: Position | null | undefined,
): boolean {
  if (roles && (!role || !roles.includes(role))) return false
  const needed = role ? positions?.[role] : undefined
  return !needed || (!!position && needed.includes(position))
}

/** Read the delivery log and retry failed deliveries. */
export function canReadDeliveryLog(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return allowedBy(DELIVERY_LOG_ROLES, DELIVERY_LOG_POSITIONS, role, position)
}

/** Ladders, quiet hours, the calendar and webhooks: the administrator (rules/service.py, webhooks/service.py). */
export function canManageNotifications(role: Role | null | undefined): boolean {
  return role === 'admin'
}

/** The delivery log for those who may read it; notification settings for the administrator. */
export function notificationMenu(role: Role, position?: Position | null): MenuItem[] {
  const items: MenuItem[] = []
  if (canReadDeliveryLog(role, position)) {
    items.push({ key: 'deliveries', label: 'menu.deliveries', path: '/notification/deliveries', icon: 'Bell' })
  }
  if (canManageNotifications(role)) {
    items.push({ key: 'notificationSettings', label: 'menu.notificationSettings', path: '/notification/settings', icon: 'Setting' })
  }
  return items
}

// ---- tips and rewards (issue 6) ------------------------------------------------------------------

/**
 * Who reads tips: triagers (civil affairs, admin) all, departments those assigned to them, the task force all,
 * sub-districts and communities those in their area; facility managers never (the server applies the scope).
 */
export const TIP_ROLES: readonly Role[] = [
  'civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market',
  'subdistrict', 'community', 'task_force', 'admin',
]

/** Rewards: departments (their own), civil affairs and the custodian (all), the task force and admin (read). */
export const REWARD_ROLES: readonly Role[] = [
  'civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market', 'task_force', 'admin',
  'reward_custodian',
]

/** The only pages the reward custodian opens (the server answers 403 everywhere else). */
export const CUSTODIAN_PAGES: readonly string[] = ['home', 'rewards', 'reward-detail', 'inbox', 'forbidden', 'not-found']

/** Whether the caller may open a tip (the reward custodian reads a reward's tip number, never the tip). */
export function canReadTips(role: Role | null | undefined): boolean {
  return !!role && TIP_ROLES.includes(role)
}

/** The district's reward rule is read by every tip reader; the custodian pays what was approved without it. */
export function canReadRewardRule(role: Role | null | undefined): boolean {
  return canReadTips(role)
}

/** Triage (assign, mark duplicate, close): civil affairs staff and head, the administrator. */
export function canTriageTips(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return role === 'admin' || (role === 'civil_affairs' && (position === 'staff' || position === 'head'))
}

/** The assigned department acts on its tip: outcome, reward proposal, messages. */
export function isTipDepartment(
  role: Role | null | undefined,
  department: string | null | undefined,
  assigned: string | null | undefined,
): boolean {
  return !!assigned && departmentOf(role, department) === assigned && role !== 'admin'
}

/** The head of the reward's department approves or rejects it. */
export function canDecideReward(
  role: Role | null | undefined,
  position: Position | null | undefined,
  department: string | null | undefined,
  rewardDepartment: string,
): boolean {
  return position === 'head' && departmentOf(role, department) === rewardDepartment
}

/** The reward custodian (奖励资金保管人) records payouts and alone reads a reporter's contact. */
export function isRewardCustodian(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return role === 'reward_custodian' && position === 'custodian'
}

/** The reward rule: the administrator or the civil affairs head. */
export function canEditRewardRule(role: Role | null | undefined, position: Position | null | undefined): boolean {
  return role === 'admin' || (role === 'civil_affairs' && position === 'head')
}

/** 举报 for everyone who may read tips, 举报奖励 for those who may read rewards. */
export function tipMenu(role: Role): MenuItem[] {
  const items: MenuItem[] = []
  if (TIP_ROLES.includes(role)) items.push({ key: 'tips', label: 'menu.tips', path: '/tips', icon: 'Bell' })
  if (REWARD_ROLES.includes(role)) items.push({ key: 'rewards', label: 'menu.rewards', path: '/rewards', icon: 'User' })
  return items
}

/** Where a user lands after logging in: every role's home page shows what it works on (issue 13). */
export function landingPath(_role?: Role | null, _facilityId?: string | null): string {
  return '/'
}
