import { describe, expect, it } from 'vitest'
import { AREA_LEVEL_BY_ROLE, POSITIONS_BY_ROLE, ROLES } from '@/api/types'

describe('roles and positions (eldersafe_common.auth.POSITIONS)', () => {
  it('makes the reward custodian a district role of its own, not a civil-affairs position', () => {
    expect(ROLES).toContain('reward_custodian')
    expect(POSITIONS_BY_ROLE.reward_custodian).toEqual(['custodian'])
    expect(AREA_LEVEL_BY_ROLE.reward_custodian).toBe('district')
    expect(POSITIONS_BY_ROLE.civil_affairs).toEqual(['staff', 'head'])
    for (const role of ROLES.filter((r) => r !== 'reward_custodian')) expect(POSITIONS_BY_ROLE[role]).not.toContain('custodian')
  })
})
