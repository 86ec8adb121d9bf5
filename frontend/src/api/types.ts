/** Shapes shared by several API modules. */

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export const ROLES = [
  'civil_affairs',
  'fire',
  'emergency',
  'police',
  'health',
  'housing',
  'market',
  'subdistrict',
  'community',
  'task_force',
  'facility',
  'admin',
  'reward_custodian',
] as const
export type Role = (typeof ROLES)[number]

export const DEPARTMENT_ROLES = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const

export type Position = 'staff' | 'head' | 'officer' | 'leader' | 'deputy' | 'member' | 'manager' | 'custodian'

/** The positions each role may hold (ARCHITECTURE.md, "Identity"). */
export const POSITIONS_BY_ROLE: Record<Role, Position[]> = {
  civil_affairs: ['staff', 'head'],
  fire: ['staff', 'head'],
  emergency: ['staff', 'head'],
  police: ['staff', 'head'],
  health: ['staff', 'head'],
  housing: ['staff', 'head'],
  market: ['staff', 'head'],
  subdistrict: ['officer', 'head'],
  community: ['officer', 'head'],
  task_force: ['leader', 'deputy', 'member'],
  facility: ['manager'],
  admin: ['staff'],
  // 奖励资金保管人: a role of its own (least privilege) that alone reads a reporter's contact and records payouts.
  reward_custodian: ['custodian'],
}

export type AreaLevel = 'district' | 'subdistrict' | 'community'

/** Which level of area an account of this role is scoped to. */
export const AREA_LEVEL_BY_ROLE: Record<Role, AreaLevel> = {
  civil_affairs: 'district',
  fire: 'district',
  emergency: 'district',
  police: 'district',
  health: 'district',
  housing: 'district',
  market: 'district',
  subdistrict: 'subdistrict',
  community: 'community',
  task_force: 'district',
  facility: 'community',
  admin: 'district',
  reward_custodian: 'district',
}

export const DISTRICT_CODE = '999001'
