import {
  STAGES_OF,
  STAGE_NAMES,
  type LadderStage,
  type RuleKey,
  type RuleSeverity,
  type Rule,
  type RuleVariant,
} from '@/api/notification'

/** A stage while it is edited: `key` keeps the row's identity when rows above it are removed. */
export type StageRow = LadderStage & { key: number }

/** An i18n key under `notification.ladder` and its parameters. */
export interface LadderProblem {
  key: string
  params?: Record<string, unknown>
}

export const OFFSET_MIN = -30
export const OFFSET_MAX = 60
export const MAX_STAGES = 10
/** The fields of one row, as the server names them under `body.stages.<i>`. */
export const STAGE_FIELDS = ['stage', 'offset_days', 'day_kind', 'recipients', 'channels', 'flag_supervision'] as const

/** The form props a server error may land on: `stages` itself and every field of every row. */
export function stageProps(count: number): string[] {
  const props = ['stages']
  for (let index = 0; index < count; index += 1) props.push(...STAGE_FIELDS.map((field) => `stages.${index}.${field}`))
  return props
}

/**
 * The server's ladder rules (rules/service.py `check_ladder` and the schema), checked before sending:
 * stages known to the rule, each once, `issued` first without an offset, every other offset present, in
 * range and strictly greater than the one above, at least one recipient and one channel, and the
 * supervision flag only on a hazard's ladder. Keys are the same paths the server's 422 uses.
 */
export function ladderProblems(ruleKey: RuleKey, rows: readonly LadderStage[]): Record<string, LadderProblem> {
  const problems: Record<string, LadderProblem> = {}
  const put = (path: string, problem: LadderProblem) => {
    if (!(path in problems)) problems[path] = problem
  }
  if (!rows.length) put('stages', { key: 'needStages' })
  if (rows.length > MAX_STAGES) put('stages', { key: 'tooManyStages', params: { max: MAX_STAGES } })
  const allowed = STAGES_OF[ruleKey]
  const seen = new Set<string>()
  let previous: number | null = null
  rows.forEach((row, index) => {
    const at = (field: string) => `stages.${index}.${field}`
    if (!allowed.includes(row.stage) || seen.has(row.stage)) put(at('stage'), { key: 'stageTwice' })
    seen.add(row.stage)
    if (!row.recipients.length) put(at('recipients'), { key: 'needRecipients' })
    if (!row.channels.length) put(at('channels'), { key: 'needChannels' })
    if (row.flag_supervision && ruleKey !== 'hazard.deadline') put(at('flag_supervision'), { key: 'flagOnlyHazard' })
    if (row.stage === 'issued') {
      if (index !== 0) put(at('stage'), { key: 'issuedFirst' })
      return
    }
    const offset = row.offset_days
    if (offset === null || offset === undefined || !Number.isInteger(offset)) {
      put(at('offset_days'), { key: 'offsetRequired' })
      return
    }
    if (offset < OFFSET_MIN || offset > OFFSET_MAX) put(at('offset_days'), { key: 'offsetRange' })
    else if (previous !== null && offset <= previous) put(at('offset_days'), { key: 'offsetIncrease', params: { previous } })
    previous = offset
  })
  return problems
}

/** A new row after the given ones: the next stage the rule has that is not used yet, one day later. */
export function nextStage(ruleKey: RuleKey, rows: readonly LadderStage[], key: number): StageRow {
  const used = new Set(rows.map((row) => row.stage))
  const stage = STAGES_OF[ruleKey].find((name) => name !== 'issued' && !used.has(name)) ?? STAGES_OF[ruleKey].at(-1)!
  const offsets = rows.map((row) => row.offset_days).filter((value): value is number => typeof value === 'number')
  const offset = offsets.length ? Math.min(OFFSET_MAX, Math.max(...offsets) + 1) : 0
  return { key, stage, offset_days: offset, day_kind: 'calendar', recipients: [], channels: ['inbox'], flag_supervision: false }
}

/** What is sent: the rows without their local keys, `issued` without an offset. */
export function toStages(rows: readonly StageRow[]): LadderStage[] {
  return rows.map(({ key: _key, ...stage }) => ({
    ...stage,
    offset_days: stage.stage === 'issued' ? null : stage.offset_days,
    flag_supervision: !!stage.flag_supervision,
  }))
}

/** A stable id for a rule variant (rule key, severity or "*", campaign or "*"). */
export function variantId(ruleKey: string, variant: RuleVariant): string {
  return `${ruleKey}|${variant.severity ?? '*'}|${variant.campaign_id ?? '*'}`
}

/** Defaults first, then severity, campaign and campaign+severity variants, as the server resolves them. */
export function sortRules(rules: readonly Rule[]): Rule[] {
  const rank = (rule: Rule) => (rule.campaign_id ? 2 : 0) + (rule.severity ? 1 : 0)
  const severityRank = (severity: RuleSeverity | null) => (severity === 'major' ? 1 : 0)
  return [...rules].sort(
    (a, b) =>
      a.rule_key.localeCompare(b.rule_key) ||
      rank(a) - rank(b) ||
      (a.campaign_id ?? '').localeCompare(b.campaign_id ?? '') ||
      severityRank(a.severity) - severityRank(b.severity),
  )
}

/** Stage names in firing order, for the stage select. */
export const ORDERED_STAGES = STAGE_NAMES
