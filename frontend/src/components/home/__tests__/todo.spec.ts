import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { routes } from '@/router/index'
import { todoKinds, todoLink } from '../todo'

describe('home to-do', () => {
  it('gives department staff their tasks and department heads their sign-offs and reward decisions', () => {
    expect(todoKinds({ role: 'fire', position: 'staff' })).toEqual(['unread', 'myTasks', 'toAccept', 'tipsToCheck', 'overdue'])
    const head = todoKinds({ role: 'market', position: 'head' })
    expect(head).toContain('toSignOff')
    expect(head).toContain('rewardsToDecide')
    expect(head).not.toContain('myTasks')
  })

  it('gives civil affairs the tips to triage, the leader plans to approve, the deputy the escalations', () => {
    expect(todoKinds({ role: 'civil_affairs', position: 'staff' })).toContain('tipsToTriage')
    expect(todoKinds({ role: 'task_force', position: 'leader' })).toEqual(
      expect.arrayContaining(['unread', 'escalated', 'plansToApprove', 'overdue']),
    )
    expect(todoKinds({ role: 'task_force', position: 'deputy' })).not.toContain('plansToApprove')
    expect(todoKinds({ role: 'task_force', position: 'member' })).toEqual(['unread', 'overdue'])
  })

  it('keeps the facility manager and the reward custodian to their own desks', () => {
    expect(todoKinds({ role: 'facility', position: 'manager' })).toEqual(['ownHazards', 'unread'])
    expect(todoKinds({ role: 'reward_custodian', position: 'custodian' })).toEqual(['rewardsToPay', 'unread'])
    expect(todoKinds({ role: null, position: null })).toEqual([])
  })

  it('opens only pages the role may open, filtered to what was counted', () => {
    const children = routes.find((r) => r.path === '/')!.children!
    for (const role of ROLES) {
      for (const position of ['staff', 'head', 'officer', 'leader', 'deputy', 'member', 'manager', 'custodian'] as const) {
        for (const kind of todoKinds({ role, position })) {
          const link = todoLink(kind, { role, position }) as { name: string }
          const route = children.find((r) => r.name === link.name)
          expect(route, `${role}/${position}: ${kind} → ${link.name}`).toBeDefined()
          const allowed = route!.meta?.roles as readonly string[] | undefined
          if (allowed) expect(allowed, `${role} may not open ${link.name}`).toContain(role)
        }
      }
    }
    expect(todoLink('toAccept', { role: 'fire', position: 'staff' })).toEqual({
      name: 'ledger', query: { state: 'submitted', department: 'fire' },
    })
    expect(todoLink('toSignOff', { role: 'civil_affairs', position: 'head' })).toEqual({
      name: 'ledger', query: { state: 'accepted' },
    })
  })
})
