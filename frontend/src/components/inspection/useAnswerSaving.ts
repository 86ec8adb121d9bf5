import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { inspectionApi, type InspectionPublic, type ItemPublic } from '@/api/inspection'
import { isApiProblem } from '@/api/http'
import { i18n } from '@/i18n'
import { businessNow } from '@/composables/useBusinessClock'
import { formatDateTime } from '@/utils/format'
import { reportError } from '@/utils/notify'
import { toAnswerInputs, type AnswerMap } from './inspectionDraft'

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'offline' | 'error'

interface SavingOptions {
  inspectionId: () => string
  inspection: Ref<InspectionPublic | null>
  answers: Ref<AnswerMap>
  /** The caller's own items: the ones whose answers are sent. */
  editableItems: Ref<ItemPublic[]>
  submitted: Ref<boolean>
  /** Once the answers are on the server and nothing changed meanwhile (the local backup is then clean). */
  onSaved: () => void
}

/**
 * Saving an inspection's answers as they are given: one PUT at a time and one more if anything changed
 * meanwhile, the state the header shows (saving, saved at, unsaved, offline, failed), the server's refusals
 * placed under their items, and another try when the connection comes back.
 */
export function useAnswerSaving(options: SavingOptions) {
  const t = i18n.global.t
  const saveState = ref<SaveState>('idle')
  const savedAt = ref<string | null>(null)
  /** The server's reason per item id. */
  const serverErrors = ref<Record<string, string>>({})
  let saving: Promise<void> | null = null
  let again = false

  /** PUT the answers; one request at a time, and one more if anything changed meanwhile. */
  async function save(): Promise<void> {
    if (options.submitted.value) return
    if (saving) {
      again = true
      return saving
    }
    saving = (async () => {
      do {
        again = false
        saveState.value = 'saving'
        try {
          const inputs = toAnswerInputs(options.answers.value, options.editableItems.value)
          const saved = await inspectionApi.saveAnswers(options.inspectionId(), inputs)
          // Changed answers clear the manager's acknowledgement on the server: show it as pending again.
          const inspection = options.inspection.value
          if (inspection && saved && typeof saved === 'object') {
            inspection.acknowledgement = saved.acknowledgement ?? null
            inspection.acknowledgement_cleared_at = saved.acknowledgement_cleared_at ?? null
          }
          serverErrors.value = {}
          if (!again) {
            saveState.value = 'saved'
            savedAt.value = businessNow().toISOString()
            options.onSaved()
          }
        } catch (error) {
          again = false
          saveState.value = isApiProblem(error) && error.status === 0 ? 'offline' : 'error'
          if (isApiProblem(error) && error.status !== 0) placeServerErrors(error.errors)
          else if (!isApiProblem(error)) reportError(error)
        }
      } while (again)
    })().finally(() => {
      saving = null
    })
    return saving
  }

  /** `body.answers.3.finding.description` → the fourth sent answer's item. */
  function placeServerErrors(errors: { field: string; reason: string }[], sent?: { item_id: string }[]) {
    const inputs = sent ?? toAnswerInputs(options.answers.value, options.editableItems.value)
    const placed: Record<string, string> = {}
    for (const error of errors) {
      const match = /answers\.(\d+)/.exec(error.field)
      const itemId = match ? inputs[Number(match[1])]?.item_id : undefined
      if (itemId && !placed[itemId]) placed[itemId] = error.reason
    }
    serverErrors.value = placed
    if (!Object.keys(placed).length && errors.length) ElMessage.error(errors.map((e) => e.reason).join('; '))
  }

  const indicator = computed(() => {
    switch (saveState.value) {
      case 'saving':
        return t('inspection.form.saving')
      case 'saved':
        return t('inspection.form.savedAt', { time: formatDateTime(savedAt.value).slice(11) })
      case 'dirty':
        return t('inspection.form.unsaved')
      case 'offline':
        return t('inspection.form.offline')
      case 'error':
        return t('inspection.form.saveFailed')
      default:
        return ''
    }
  })

  function online() {
    if (saveState.value === 'offline' || saveState.value === 'error' || saveState.value === 'dirty') void save()
  }
  onMounted(() => window.addEventListener('online', online))
  onBeforeUnmount(() => window.removeEventListener('online', online))

  return { saveState, serverErrors, indicator, save, placeServerErrors }
}
