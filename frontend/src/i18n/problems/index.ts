/**
 * The SPA's sentence for every problem `code` the API can answer, in both languages, one JSON file per domain
 * (common = eldersafe_common's handlers and errors; then the gateway and each service). The API publishes its
 * codes in the OpenAPI document (`x-problem-codes` on the Problem schema); tests/test_problem_codes.py fails on a
 * code that none of these files words. To add a code: add `"code": { "zh-CN": "…", "en": "…" }` to the file of the
 * domain that raises it (a code already worded in another file needs nothing).
 */
import common from './common.json'
import gateway from './gateway.json'
import inspection from './inspection.json'
import notification from './notification.json'
import rectification from './rectification.json'
import registry from './registry.json'

export interface ProblemText {
  'zh-CN': string
  en: string
}

export const PROBLEM_DOMAINS: Record<string, Record<string, ProblemText>> = {
  common, gateway, registry, inspection, rectification, notification,
}

/** Every code's sentence in ``locale``. */
export function problemTexts(locale: keyof ProblemText): Record<string, string> {
  const texts: Record<string, string> = {}
  for (const domain of Object.values(PROBLEM_DOMAINS)) {
    for (const [code, text] of Object.entries(domain)) texts[code] = text[locale]
  }
  return texts
}
