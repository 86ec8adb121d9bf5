import { problemTexts } from './problems'
import type { ProblemMessages, ProblemReasons } from './problems.zh-CN'

/** Refusals by their problem `code`, from problems/*.json (the same codes as problems.zh-CN.ts). */
export const problemMessagesEn: ProblemMessages = problemTexts('en')

/** Refusals by `code` and then `reason`; the same keys as problems.zh-CN.ts. */
export const problemReasonsEn: ProblemReasons = {
  reward_not_eligible: {
    not_verified: 'Only a verified tip may be rewarded.',
    no_major_hazard: 'The basis "major hazard confirmed" needs a major hazard found by the tip\'s check.',
    no_contact: 'The reporter left no contact (with consent) to pay a reward to.',
    duplicate: 'This tip duplicates another tip: only the original may be rewarded.',
    not_first_reporter: 'An earlier verified tip on this facility already holds a reward: only the first valid reporter is rewarded.',
  },
}
