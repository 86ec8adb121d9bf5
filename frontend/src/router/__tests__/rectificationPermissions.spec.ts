import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { menuForRole } from '../permissions'
import { routes } from '../index'

describe('rectification menu', () => {
  it('gives every role but facility managers the ledger and the supervision board', () => {
    for (const role of ROLES.filter((r) => r !== 'facility')) {
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
