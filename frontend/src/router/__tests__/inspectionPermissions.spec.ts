import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { canClassify, canEditChecklist, canInspect, canManageCampaigns, canPlanTasks, departmentOf, menuForRole } from '../permissions'

describe('inspection menu and rules', () => {
  it('gives campaigns, checklists and tasks to every role but the facility, which gets its self-check', () => {
    expect(menuForRole('reward_custodian').map((i) => i.key)).toEqual(['home', 'rewards'])
    for (const role of ROLES.filter((r) => r !== 'facility' && r !== 'reward_custodian')) {
      expect(menuForRole(role).map((i) => i.key)).toEqual(expect.arrayContaining(['campaigns', 'checklists', 'tasks']))
      expect(menuForRole(role).map((i) => i.key)).not.toContain('selfCheck')
    }
    const facility = menuForRole('facility', 'fac-1').map((i) => i.key)
    expect(facility).toContain('selfCheck')
    expect(facility).not.toContain('campaigns')
  })

  it('lets civil affairs, the task force leader or deputy and admin manage campaigns', () => {
    expect(canManageCampaigns('civil_affairs', 'staff')).toBe(true)
    expect(canManageCampaigns('task_force', 'deputy')).toBe(true)
    expect(canManageCampaigns('task_force', 'member')).toBe(false)
    expect(canManageCampaigns('fire', 'head')).toBe(false)
    expect(canPlanTasks('fire', 'head')).toBe(true)
    expect(canPlanTasks('fire', 'staff')).toBe(false)
  })

  it('lets only the task force leader or deputy classify', () => {
    expect(canClassify('task_force', 'leader')).toBe(true)
    expect(canClassify('civil_affairs', 'head')).toBe(false)
    expect(canClassify('admin', 'staff')).toBe(false)
  })

  it('keeps a department to its own checklists', () => {
    expect(departmentOf('fire')).toBe('fire')
    expect(departmentOf('subdistrict')).toBeNull()
    expect(canEditChecklist('fire', 'fire')).toBe(true)
    expect(canEditChecklist('fire', 'health')).toBe(false)
    expect(canEditChecklist('admin', 'health')).toBe(true)
    expect(canEditChecklist('task_force', 'fire')).toBe(false)
    expect(canInspect('fire')).toBe(true)
    expect(canInspect('community')).toBe(false)
  })
})
