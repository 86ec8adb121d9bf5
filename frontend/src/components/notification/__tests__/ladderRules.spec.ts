import { describe, expect, it } from 'vitest'
import type { LadderStage } from '@/api/notification'
import { ladderProblems, nextStage, stageProps, toStages } from '../ladderRules'

const stage = (over: Partial<LadderStage>): LadderStage => ({
  stage: 'due_day', offset_days: 0, day_kind: 'calendar', recipients: ['supervisor'], channels: ['inbox'], flag_supervision: false, ...over,
})

describe('ladder rules', () => {
  it('accepts the default hazard ladder', () => {
    const rows = [
      stage({ stage: 'remind_3d', offset_days: -3 }), stage({ stage: 'remind_1d', offset_days: -1 }), stage({}),
      stage({ stage: 'overdue_3wd', offset_days: 3, day_kind: 'working' }),
      stage({ stage: 'overdue_7wd', offset_days: 7, day_kind: 'working', flag_supervision: true }),
    ]
    expect(ladderProblems('hazard.deadline', rows)).toEqual({})
  })

  it('refuses offsets that do not increase, naming the row that goes back', () => {
    const problems = ladderProblems('hazard.deadline', [
      stage({ stage: 'remind_3d', offset_days: -3 }), stage({ stage: 'remind_1d', offset_days: 2 }), stage({ offset_days: 2 }),
    ])
    expect(Object.keys(problems)).toEqual(['stages.2.offset_days'])
    expect(problems['stages.2.offset_days']).toEqual({ key: 'offsetIncrease', params: { previous: 2 } })
  })

  it('wants issued first without an offset, and offsets everywhere else', () => {
    const problems = ladderProblems('supervision_order.deadline', [
      stage({ stage: 'remind_1d', offset_days: null }), stage({ stage: 'issued', offset_days: null }),
    ])
    expect(problems['stages.0.offset_days']?.key).toBe('offsetRequired')
    expect(problems['stages.1.stage']?.key).toBe('issuedFirst')
  })

  it('wants recipients and channels, each stage once, and the flag only on hazards', () => {
    const problems = ladderProblems('supervision_order.deadline', [
      stage({ recipients: [], channels: [], flag_supervision: true }), stage({ offset_days: 1 }),
    ])
    expect(problems['stages.0.recipients']?.key).toBe('needRecipients')
    expect(problems['stages.0.channels']?.key).toBe('needChannels')
    expect(problems['stages.0.flag_supervision']?.key).toBe('flagOnlyHazard')
    expect(problems['stages.1.stage']?.key).toBe('stageTwice')
    expect(ladderProblems('hazard.deadline', [])).toEqual({ stages: { key: 'needStages' } })
  })

  it('adds the next unused stage one day later and sends issued without an offset', () => {
    const row = nextStage('hazard.deadline', [stage({ stage: 'remind_3d', offset_days: -3 })], 7)
    expect(row).toMatchObject({ key: 7, stage: 'remind_1d', offset_days: -2 })
    expect(toStages([{ ...stage({ stage: 'issued', offset_days: 4 }), key: 1 }])).toEqual([stage({ stage: 'issued', offset_days: null })])
    expect(stageProps(1)).toContain('stages.0.offset_days')
  })
})
