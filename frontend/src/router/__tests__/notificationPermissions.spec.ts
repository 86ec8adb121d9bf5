import { describe, expect, it } from 'vitest'
import { POSITIONS_BY_ROLE, ROLES, type Position, type Role } from '@/api/types'
import { allowedBy, canReadDeliveryLog, menuForRole } from '../permissions'
import { routes } from '../index'

const children = routes.find((r) => r.path === '/')!.children!
const route = (name: string) => children.find((r) => r.name === name)!

/** Every role with every position it may hold. */
const accounts: [Role, Position][] = ROLES.flatMap((role) => POSITIONS_BY_ROLE[role].map((p) => [role, p] as [Role, Position]))

describe('notification permissions', () => {
  it('lets admins, the civil affairs head and the task force leader read the delivery log, nobody else', () => {
    const allowed = accounts.filter(([role, position]) => canReadDeliveryLog(role, position))
    expect(allowed).toEqual([['civil_affairs', 'head'], ['task_force', 'leader'], ['admin', 'staff']])
  })

  it('routes and menus follow the same rule', () => {
    const meta = route('deliveries').meta!
    for (const [role, position] of accounts) {
      const can = canReadDeliveryLog(role, position)
      expect(allowedBy(meta.roles, meta.positions, role, position)).toBe(can)
      expect(menuForRole(role, 'fac-1', position).some((i) => i.key === 'deliveries')).toBe(can)
    }
  })

  it('keeps the settings to the administrator and the inbox open to everyone', () => {
    expect(route('notification-settings').meta!.roles).toEqual(['admin'])
    expect(route('inbox').meta!.roles).toBeUndefined()
    for (const [role, position] of accounts) {
      expect(menuForRole(role, 'fac-1', position).some((i) => i.key === 'notificationSettings')).toBe(role === 'admin')
    }
  })

  it('refuses a position-limited route without a position', () => {
    expect(allowedBy(['civil_affairs'], { civil_affairs: ['head'] }, 'civil_affairs', null)).toBe(false)
    expect(allowedBy(['civil_affairs'], { civil_affairs: ['head'] }, null, 'head')).toBe(false)
    expect(allowedBy(undefined, undefined, 'fire', 'staff')).toBe(true)
  })
})
