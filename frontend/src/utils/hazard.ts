/**
 * What a hazard is called on a screen: what the inspector found ("三楼活动室采用易燃芯材彩钢板搭建"), or the checklist
 * item only when the finding has no description of its own. Checklist items are written as the compliant state
 * ("未采用易燃可燃材料彩钢板搭建"): a list headed by the item tells a manager the opposite of what is wrong (the
 * messages follow the same rule, notification `escalation/messages.py`).
 */
export function hazardTitle(hazard: { description?: string | null; item_text?: string | null }): string {
  return hazard.description?.trim() || hazard.item_text || '—'
}
