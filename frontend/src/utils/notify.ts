import { ElMessage } from 'element-plus'
import { isApiProblem, type ApiProblem } from '@/api/http'
import { i18n } from '@/i18n'

/** The translated sentence for a known code (and reason, when the server sent one), else ''. */
function knownRefusal(code: string, reason: string): string {
  if (!code) return ''
  const { t, te } = i18n.global
  const keys = reason ? [`errors.reasons.${code}.${reason}`, `errors.codes.${code}`] : [`errors.codes.${code}`]
  const key = keys.find((candidate) => te(candidate))
  return key ? t(key) : ''
}

/**
 * A user-facing sentence for a problem: a known `code.reason`, then a known `code`, in the UI's language;
 * otherwise the server's detail when it has one, else one per status.
 */
export function problemMessage(problem: ApiProblem): string {
  const t = i18n.global.t
  if (problem.status === 0) return t('errors.network')
  // A known refusal reads in the UI's language; otherwise the server's own sentence beats a generic one.
  const known = knownRefusal(problem.code, problem.reason)
  if (known) return known
  if (problem.detail) return problem.detail
  switch (problem.status) {
    case 401:
      return t('errors.sessionExpired')
    case 403:
      return t('errors.forbidden')
    case 404:
      return t('errors.notFound')
    case 409:
    case 412:
      return t('errors.conflict')
    case 422:
      return t('errors.invalid')
    case 429:
      return t('errors.tooMany')
    case 502:
    case 503:
    case 504:
      return t('errors.unavailable')
    default:
      return t('errors.server', { status: problem.status })
  }
}

/** Show any error in an ElMessage (a session that expired is handled by the router, not here). */
export function reportError(error: unknown): void {
  if (isApiProblem(error)) {
    if (error.status === 401) return
    ElMessage.error({ message: problemMessage(error), grouping: true })
    return
  }
  if (error instanceof DOMException && error.name === 'AbortError') return
  console.error(error)
  ElMessage.error({ message: error instanceof Error ? error.message : String(error), grouping: true })
}
