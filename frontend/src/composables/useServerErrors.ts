import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { isApiProblem } from '@/api/http'
import { problemToFormErrors } from '@/utils/problem'
import { problemMessage, reportError } from '@/utils/notify'
import { i18n } from '@/i18n'

/**
 * Server-side validation errors for one form. Bind `errors[prop]` to each ElFormItem's `error` so the
 * server's reason shows under the field; whatever matches no field goes to an ElMessage with the detail.
 */
export function useServerErrors(knownProps: () => Iterable<string>) {
  const errors = ref<Record<string, string>>({})

  function clear(): void {
    errors.value = {}
  }

  /** Returns true when at least one message landed under a field. */
  function apply(error: unknown): boolean {
    if (!isApiProblem(error) || !error.errors.length || (error.status !== 422 && error.status !== 400 && error.status !== 409)) {
      reportError(error)
      return false
    }
    const mapped = problemToFormErrors(error.errors, knownProps())
    errors.value = mapped.fields
    const placed = Object.keys(mapped.fields).length > 0
    if (mapped.unmatched.length) {
      const reasons = mapped.unmatched.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join('; ')
      ElMessage.error({ message: `${problemMessage(error)} ${reasons}`.trim(), grouping: true })
    } else if (placed) {
      ElMessage.warning({ message: i18n.global.t('validation.fixErrors'), grouping: true })
    }
    return placed
  }

  return { errors, clear, apply }
}
