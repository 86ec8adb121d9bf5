import { describe, expect, it } from 'vitest'
import { hazardTitle } from '../hazard'

describe('hazardTitle', () => {
  it('names what was found, not the checklist item written as the compliant state', () => {
    expect(hazardTitle({ description: '三楼活动室采用易燃芯材彩钢板搭建', item_text: '未采用易燃可燃材料彩钢板搭建' }))
      .toBe('三楼活动室采用易燃芯材彩钢板搭建')
  })

  it('falls back to the item when the finding has no words of its own', () => {
    expect(hazardTitle({ description: '  ', item_text: '配备灭火器' })).toBe('配备灭火器')
    expect(hazardTitle({ description: null, item_text: null })).toBe('—')
  })
})
