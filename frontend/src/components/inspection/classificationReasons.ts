/**
 * A classification's reasons as sentences in the user's language. The server sends each reason as
 * `{condition, text_zh, text_en, item_codes}` (its rule's words in both languages); a condition this SPA knows is
 * worded here when a text is missing, and an unknown one (a newer rule) still reads as a sentence, never as JSON.
 */
import type { Schemas } from '@/api/types'

/** A reason; `departments` lists those that have not inspected yet (condition `not_inspected`). */
export type ClassificationReason = Schemas['ClassificationReason']

type Translate = (key: string, values?: Record<string, unknown>) => string
type Exists = (key: string) => boolean

export function reasonSentence(reason: Partial<ClassificationReason> | string, locale: string, t: Translate, te: Exists): string {
  if (typeof reason === 'string') return reason
  const own = locale === 'en' ? reason.text_en || reason.text_zh : reason.text_zh || reason.text_en
  if (own) return own
  const departments = (reason.departments ?? [])
    .map((code) => (te(`roles.${code}`) ? t(`roles.${code}`) : code))
    .join(locale === 'en' ? ', ' : '、')
  const items = (reason.item_codes ?? []).join(locale === 'en' ? ', ' : '、')
  const condition = reason.condition ?? ''
  const key = `inspection.classification.condition.${condition}`
  if (condition && te(key)) return t(key, { items, departments })
  return t('inspection.classification.conditionUnknown', { condition: condition || '—' })
}
