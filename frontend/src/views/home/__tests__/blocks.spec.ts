import { describe, expect, it } from 'vitest'
import { ROLES } from '@/api/types'
import { routes } from '@/router/index'
import {
  blockLink,
  dueThisWeek,
  dueToday,
  endOfWeek,
  homeLayout,
  nextStep,
  orderOwnHazards,
  ordersNearDeadline,
  type OwnHazard,
} from '../blocks'

describe('the home page of each role', () => {
  it('puts a field inspector’s tasks of today and this week first, then its drafts, then its department’s hazards', () => {
    expect(homeLayout({ role: 'fire', position: 'staff' })).toEqual({
      todo: true,
      blocks: ['tasksToday', 'tasksWeek', 'drafts', 'deptOverdue', 'deptOpen', 'deptToAccept'],
      overview: false,
    })
  })

  it('gives a department head its department’s overdue and open hazards and the evidence to accept, no tasks', () => {
    expect(homeLayout({ role: 'market', position: 'head' }).blocks).toEqual(['deptOverdue', 'deptOpen', 'deptToAccept'])
    // civil affairs is a department too, and keeps the district's facility overview it registers
    expect(homeLayout({ role: 'civil_affairs', position: 'head' })).toMatchObject({ overview: true })
  })

  it('gives the facility manager its own hazards and its acknowledgements, without the facility overview', () => {
    expect(homeLayout({ role: 'facility', position: 'manager' })).toEqual({
      todo: true, blocks: ['facilityHazards', 'acknowledgements'], overview: false,
    })
  })

  it('gives community and sub-district their area’s hazards, relocations and facilities', () => {
    for (const role of ['community', 'subdistrict'] as const) {
      expect(homeLayout({ role, position: 'officer' }).blocks).toEqual(['areaOverdue', 'areaOpen', 'relocations', 'areaFacilities'])
    }
  })

  it('keeps the overview for the task force and adds its escalations and orders near their deadline', () => {
    for (const position of ['leader', 'deputy', 'member'] as const) {
      expect(homeLayout({ role: 'task_force', position })).toEqual({ todo: true, blocks: ['escalated', 'ordersDue'], overview: true })
    }
  })

  it('gives the reward custodian its rewards to pay alone and the administrator what it had', () => {
    expect(homeLayout({ role: 'reward_custodian', position: 'custodian' })).toEqual({ todo: false, blocks: ['rewardsToPay'], overview: false })
    expect(homeLayout({ role: 'admin', position: 'staff' })).toEqual({ todo: true, blocks: [], overview: true })
    expect(homeLayout({ role: null, position: null })).toEqual({ todo: false, blocks: [], overview: false })
  })

  it('links every block to a list the role may open, filtered to what it counts', () => {
    const children = routes.find((r) => r.path === '/')!.children!
    for (const role of ROLES) {
      for (const position of ['staff', 'head', 'officer', 'leader', 'deputy', 'member', 'manager', 'custodian'] as const) {
        for (const kind of homeLayout({ role, position }).blocks) {
          const link = blockLink(kind, { role, position }, 'fac-1') as { name: string }
          const route = children.find((r) => r.name === link.name)
          expect(route, `${role}/${position}: ${kind} → ${link.name}`).toBeDefined()
          const allowed = route!.meta?.roles as readonly string[] | undefined
          if (allowed) expect(allowed, `${role} may not open ${link.name}`).toContain(role)
        }
      }
    }
    expect(blockLink('deptOverdue', { role: 'fire', position: 'head' })).toEqual({
      name: 'ledger', query: { department: 'fire', overdue: 'true', sort: 'deadline' },
    })
    expect(blockLink('acknowledgements', { role: 'facility', position: 'manager' }, 'fac-1')).toEqual({
      name: 'facility-detail', params: { id: 'fac-1' },
    })
  })
})

describe('tasks of today and of this week (China dates)', () => {
  const tasks = [
    { id: 'late', due_date: '2026-03-02' },
    { id: 'today', due_date: '2026-03-04' },
    { id: 'sunday', due_date: '2026-03-08' },
    { id: 'thursday', due_date: '2026-03-05' },
    { id: 'next-week', due_date: '2026-03-09' },
  ]

  it('ends the week on Sunday', () => {
    expect(endOfWeek('2026-03-04')).toBe('2026-03-08') // a Wednesday
    expect(endOfWeek('2026-03-08')).toBe('2026-03-08') // Sunday itself
    expect(endOfWeek('2026-03-09')).toBe('2026-03-15') // Monday
    expect(endOfWeek('2026-12-30')).toBe('2027-01-03') // across the year
  })

  it('counts the late ones with today’s, late first, and the rest of the week soonest first', () => {
    expect(dueToday(tasks, '2026-03-04').map((t) => t.id)).toEqual(['late', 'today'])
    expect(dueThisWeek(tasks, '2026-03-04').map((t) => t.id)).toEqual(['thursday', 'sunday'])
    expect(dueThisWeek(tasks, '2026-03-08')).toEqual([])
  })
})

describe('a facility’s own hazards', () => {
  const hazard = (over: Partial<OwnHazard> & { id: string }) => ({
    state: 'in_progress', deadline: '2026-03-10', overdue: false, rejection_reason: null, ...over,
  })

  it('says what each needs next', () => {
    expect(nextStep(hazard({ id: 'a', state: 'open' }))).toBe('start')
    expect(nextStep(hazard({ id: 'b' }))).toBe('uploadEvidence')
    expect(nextStep(hazard({ id: 'c', evidence: 2 }))).toBe('submit')
    expect(nextStep(hazard({ id: 'd', rejection_reason: '照片不清晰', evidence: 1 }))).toBe('redo')
    expect(nextStep(hazard({ id: 'e', state: 'submitted' }))).toBe('waitAcceptance')
    expect(nextStep(hazard({ id: 'f', state: 'accepted' }))).toBe('waitSignOff')
  })

  it('lists what the facility must do before what waits for the department, late first, then by deadline', () => {
    const ordered = orderOwnHazards([
      hazard({ id: 'waiting-late', state: 'submitted', deadline: '2026-03-01', overdue: true }),
      hazard({ id: 'start-later', state: 'open', deadline: '2026-03-20' }),
      hazard({ id: 'redo-soon', rejection_reason: 'no', deadline: '2026-03-05' }),
      hazard({ id: 'late', deadline: '2026-03-03', overdue: true }),
    ])
    expect(ordered.map((h) => h.id)).toEqual(['late', 'redo-soon', 'start-later', 'waiting-late'])
  })
})

describe('supervision orders near their deadline', () => {
  it('keeps the open red and yellow ones, nearest deadline first', () => {
    const orders = [
      { id: 'g', deadline: '2026-03-01', light: 'green', state: 'open' },
      { id: 'y', deadline: '2026-03-09', light: 'yellow', state: 'open' },
      { id: 'r', deadline: '2026-03-02', light: 'red', state: 'open' },
      { id: 'closed', deadline: '2026-03-01', light: 'red', state: 'closed' },
    ]
    expect(ordersNearDeadline(orders).map((o) => o.id)).toEqual(['r', 'y'])
  })
})
