import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { canChangeStatus, canEditReadiness, canManageFacilities, canPlanTask, landingPath, menuForRole } from '../permissions'

const keys = (role: Parameters<typeof menuForRole>[0], facility?: string) => menuForRole(role, facility).map((i) => i.key)

describe('menuForRole', () => {
  it('gives everyone home, and everyone but the reward custodian facilities', () => {
    for (const role of ROLES) expect(keys(role, 'fac-1')).toContain('home')
    for (const role of ROLES.filter((r) => r !== 'reward_custodian')) {
      expect(keys(role, 'fac-1')).toContain('facilities')
    }
  })

  it('shows account management to the administrator only', () => {
    expect(keys('admin')).toEqual(['home', 'facilities', 'campaigns', 'checklists', 'tasks', 'ledger', 'supervision', 'plans', 'deliveries', 'notificationSettings', 'tips', 'rewards', 'accounts'])
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(keys(role, 'fac-1')).not.toContain('accounts')
  })

  it('points a facility manager at their own facility', () => {
    const menu = menuForRole('facility', 'd728f789-9bc8-562e-9acf-2a0e6bc5927a')
    const entry = menu.find((i) => i.key === 'facilities')!
    expect(entry.path).toBe('/facilities/d728f789-9bc8-562e-9acf-2a0e6bc5927a')
    expect(entry.label).toBe('menu.myFacility')
    expect(menuForRole('civil_affairs').find((i) => i.key === 'facilities')!.path).toBe('/facilities')
  })

  it('gives the reward custodian its home and rewards and nothing else', () => {
    expect(keys('reward_custodian')).toEqual(['home', 'rewards'])
    expect(menuForRole('reward_custodian', null, 'custodian').map((i) => i.key)).toEqual(['home', 'rewards'])
  })

  it('is empty without a role', () => {
    expect(menuForRole(null)).toEqual([])
  })
})

describe('landingPath', () => {
  it('sends everyone to their home page, facility managers and the reward custodian too', () => {
    expect(landingPath('facility', 'abc')).toBe('/')
    expect(landingPath('fire', null)).toBe('/')
    expect(landingPath('admin')).toBe('/')
    expect(landingPath('reward_custodian')).toBe('/')
  })
})

describe('role rules', () => {
  it('lets civil affairs and the administrator manage facilities', () => {
    expect(ROLES.filter((role) => canManageFacilities(role))).toEqual(['civil_affairs', 'admin'])
  })

  it('lets civil affairs, the task-force leader and deputy, and the administrator change a status', () => {
    expect(canChangeStatus('civil_affairs', 'staff')).toBe(true)
    expect(canChangeStatus('admin', 'staff')).toBe(true)
    expect(canChangeStatus('task_force', 'leader')).toBe(true)
    expect(canChangeStatus('task_force', 'deputy')).toBe(true)
    expect(canChangeStatus('task_force', 'member')).toBe(false)
    expect(canChangeStatus('fire', 'head')).toBe(false)
    expect(canChangeStatus('facility', 'manager')).toBe(false)
    expect(canChangeStatus(null, null)).toBe(false)
  })

  it('lets the facility record its own readiness', () => {
    expect(canEditReadiness('facility')).toBe(true)
    expect(canEditReadiness('police')).toBe(false)
  })

  it('lets a department head staff only a task of their own department alone', () => {
    expect(canPlanTask('fire', 'head', ['fire'])).toBe(true)
    expect(canPlanTask('fire', 'head', ['fire', 'market'])).toBe(false)
    expect(canPlanTask('fire', 'staff', ['fire'])).toBe(false)
    expect(canPlanTask('civil_affairs', 'staff', ['fire', 'market'])).toBe(true)
    expect(canPlanTask('task_force', 'deputy', ['market'])).toBe(true)
    expect(canPlanTask('task_force', 'member', ['market'])).toBe(false)
  })
})
