import { describe, expect, it } from 'vitest'
import { formatFen, rewardAmount, yuanToFen } from '@/api/tips'
import { rewardActions, tipActions } from '../tipRules'
import { reward, tip } from './fixtures'

const civil = { role: 'civil_affairs' as const, position: 'staff' as const, department: 'civil_affairs' }
const custodian = { role: 'reward_custodian' as const, position: 'custodian' as const, department: null }
const civilHead = { role: 'civil_affairs' as const, position: 'head' as const, department: 'civil_affairs' }
const fireStaff = { role: 'fire' as const, position: 'staff' as const, department: 'fire' }
const fireHead = { role: 'fire' as const, position: 'head' as const, department: 'fire' }

describe('tip actions', () => {
  it('lets civil affairs triage a received tip, not the custodian, not a department', () => {
    expect(tipActions(tip(), civil)).toMatchObject({ assign: true, duplicate: true, close: true, outcome: false, propose: false })
    expect(tipActions(tip(), custodian)).toMatchObject({ assign: false, close: false, message: false })
    expect(tipActions(tip(), fireStaff)).toMatchObject({ assign: false, message: false })
    expect(tipActions(tip({ status: 'assigned', assigned_department: 'fire' }), civil)).toMatchObject({ assign: false, close: false })
  })

  it('lets the assigned department record the outcome, then propose a reward once', () => {
    expect(tipActions(tip({ status: 'assigned', assigned_department: 'fire' }), fireStaff)).toMatchObject({ outcome: true, message: true })
    expect(tipActions(tip({ status: 'assigned', assigned_department: 'police' }), fireStaff)).toMatchObject({ outcome: false, message: false })
    expect(tipActions(tip({ status: 'verified', assigned_department: 'fire' }), fireStaff).propose).toBe(true)
    expect(tipActions(tip({ status: 'verified', assigned_department: 'fire', reward_status: 'rejected' }), fireStaff).propose).toBe(false)
  })
})

describe('reward actions', () => {
  it('lets the head of the reward department decide, and the custodian pay and reveal', () => {
    expect(rewardActions(reward(), fireHead)).toEqual({ approve: true, reject: true, payout: false, reveal: false })
    expect(rewardActions(reward(), fireStaff)).toEqual({ approve: false, reject: false, payout: false, reveal: false })
    expect(rewardActions(reward({ department: 'police' }), fireHead).approve).toBe(false)
    expect(rewardActions(reward(), custodian)).toEqual({ approve: false, reject: false, payout: false, reveal: false })
    expect(rewardActions(reward({ status: 'approved' }), custodian)).toEqual({ approve: false, reject: false, payout: true, reveal: true })
    expect(rewardActions(reward({ status: 'paid' }), custodian)).toMatchObject({ payout: false, reveal: true })
    expect(rewardActions(reward({ status: 'approved', department: 'civil_affairs' }), civilHead)).toMatchObject({ payout: false, reveal: false })
  })
})

describe('money', () => {
  const rule = { percent_basis_points: 1500, minimum_fen: 300_000, maximum_fen: 30_000_000 }
  it('follows the rule: 15 % clamped to ¥3,000 … ¥300,000', () => {
    expect(rewardAmount(1_000_000, rule)).toBe(300_000)
    expect(rewardAmount(500_000_000, rule)).toBe(30_000_000)
    expect(rewardAmount(10_000_000, rule)).toBe(1_500_000)
  })
  it('reads and writes yuan in whole fen', () => {
    expect(yuanToFen('3,000.5')).toBe(300_050)
    expect(yuanToFen('12')).toBe(1200)
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('-1')).toBeNull()
    expect(formatFen(30_000_000)).toBe('300,000.00')
    expect(formatFen(5)).toBe('0.05')
  })
})
