import { problemTexts } from './problems'

/**
 * Refusals by their problem `code` (RFC 9457 extension member), so the user reads a sentence in the UI's
 * language instead of the server's English `detail`: from problems/*.json (one file per domain, both languages).
 */
export const problemMessagesZh: Record<string, string> = problemTexts('zh-CN')

/**
 * Refusals by `code` and then `reason` (the sub-code a problem carries when one code covers several causes);
 * notify.ts prefers these over the code's own sentence. problems.en.ts has the same keys.
 */
export const problemReasonsZh = {
  reward_not_eligible: {
    not_verified: '只有核查属实的举报才能申报奖励。',
    no_major_hazard: '按“查实重大隐患”申报，须该举报的核查发现了重大隐患。',
    no_contact: '举报人未留下同意使用的联系方式，奖励无法发放。',
    duplicate: '该举报是其他举报的重复件，只有原举报可以获得奖励。',
    not_first_reporter: '该机构已有更早的属实举报获得奖励，只奖励首个有效举报人。',
  },
}

export type ProblemMessages = typeof problemMessagesZh
export type ProblemReasons = typeof problemReasonsZh
