import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { canApprovePlans, canEditCampaignPolicies, canEditPlans, canRelocate, menuForRole } from '../permissions'
import { routes } from '../index'

describe('rectification menu', () => {
  it('gives every role but facility managers and the reward custodian the ledger and the supervision board', () => {
    expect(menuForRole('reward_custodian').map((i) => i.key)).not.toContain('ledger')
    for (const role of ROLES.filter((r) => r !== 'facility' && r !== 'reward_custodian')) {
      const keys = menuForRole(role).map((i) => i.key)
      expect(keys).toContain('ledger')
      expect(keys).toContain('supervision')
      expect(keys).not.toContain('myHazards')
    }
  })

  it('gives facility managers their own hazards only', () => {
    const menu = menuForRole('facility', 'fac-1')
    expect(menu.find((i) => i.key === 'myHazards')?.path).toBe('/my-hazards')
    expect(menu.map((i) => i.key)).not.toContain('ledger')
  })

  it('routes the ledger away from facility managers and the hazard page to everyone', () => {
    const children = routes.find((r) => r.path === '/')!.children!
    expect(children.find((r) => r.name === 'ledger')!.meta!.roles).not.toContain('facility')
    expect(children.find((r) => r.name === 'my-hazards')!.meta!.roles).toEqual(['facility'])
    expect(children.find((r) => r.name === 'hazard-detail')!.meta!.roles).toBeUndefined()
  })
})

describe('facility plans and relocation', () => {
  it('puts the plan list in the menu of every role but facility managers', () => {
    for (const role of ROLES.filter((r) => r !== 'facility' && r !== 'reward_custodian')) expect(menuForRole(role).map((i) => i.key)).toContain('plans')
    expect(menuForRole('reward_custodian').map((i) => i.key)).not.toContain('plans')
    expect(menuForRole('facility', 'fac-1').map((i) => i.key)).not.toContain('plans')
  })

  it('routes the plans away from facility managers; relocation is scoped by the server', () => {
    const children = routes.find((r) => r.path === '/')!.children!
    expect(children.find((r) => r.name === 'plans')!.meta!.roles).not.toContain('facility')
    expect(children.find((r) => r.name === 'facility-plan')!.meta!.roles).not.toContain('facility')
    expect(children.find((r) => r.name === 'facility-plan')!.meta!.roles).toContain('fire')
    expect(children.find((r) => r.name === 'facility-relocation')!.meta!.roles).toBeUndefined()
  })

  it('lets the task force leader alone approve, and its leader or deputy, civil affairs and admin edit', () => {
    expect(canApprovePlans('task_force', 'leader')).toBe(true)
    expect(canApprovePlans('task_force', 'deputy')).toBe(false)
    expect(canApprovePlans('civil_affairs', 'head')).toBe(false)
    expect(canEditPlans('task_force', 'deputy')).toBe(true)
    expect(canEditPlans('task_force', 'member')).toBe(false)
    expect(canEditPlans('civil_affairs', 'staff')).toBe(true)
    expect(canEditPlans('fire', 'head')).toBe(false)
  })

  it('lets the registry relocators relocate and the policy writers set campaign policies', () => {
    expect(canRelocate('facility', 'manager')).toBe(true)
    expect(canRelocate('community', 'officer')).toBe(true)
    expect(canRelocate('task_force', 'member')).toBe(false)
    expect(canRelocate('fire', 'head')).toBe(false)
    expect(canEditCampaignPolicies('task_force')).toBe(true)
    expect(canEditCampaignPolicies('fire')).toBe(false)
  })
})
