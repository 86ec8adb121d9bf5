import { reactive, ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { inspectionApi, type InspectionPublic, type ItemPublic } from '@/api/inspection'
import { isApiProblem } from '@/api/http'
import { i18n } from '@/i18n'
import { reportError } from '@/utils/notify'
import { answersFromInspection, changedAnswers, itemProblems, type AnswerMap, type ItemProblem } from './inspectionDraft'

interface FormState {
  inspection: Ref<InspectionPublic | null>
  answers: Ref<AnswerMap>
  problems: Ref<Record<string, ItemProblem>>
  /** Every item of the inspection, and the caller's own (the ones an amendment may change). */
  allItems: Ref<ItemPublic[]>
  editableItems: Ref<ItemPublic[]>
  placeServerErrors: (errors: { field: string; reason: string }[], sent: { item_id: string }[]) => void
}

/**
 * Amending a submitted inspection: the changed answers of the caller's own sections with a reason. The original
 * record stays; the server withdraws the hazard of an item that now passes and opens one for a new failure.
 */
export function useAmendment(form: FormState) {
  const t = i18n.global.t
  const active = ref(false)
  /** The submitted answers an amendment is compared with. */
  const original = ref<AnswerMap>({})
  const state = reactive({ reason: '', sending: false })

  function start() {
    original.value = answersFromInspection(form.inspection.value!, form.allItems.value)
    form.answers.value = answersFromInspection(form.inspection.value!, form.allItems.value)
    state.reason = ''
    form.problems.value = {}
    active.value = true
  }

  function cancel() {
    active.value = false
    form.answers.value = original.value
  }

  async function send() {
    const changed = changedAnswers(form.answers.value, original.value, form.editableItems.value)
    if (!changed.length) {
      ElMessage.warning(t('inspection.form.amendNothing'))
      return
    }
    const touched = form.editableItems.value.filter((item) => changed.some((c) => c.item_id === item.id))
    form.problems.value = itemProblems(form.answers.value, touched)
    if (Object.keys(form.problems.value).length) {
      ElMessage.warning(t('inspection.form.fixProblems', { count: Object.keys(form.problems.value).length }))
      return
    }
    if (!state.reason.trim()) {
      ElMessage.warning(t('inspection.form.amendReasonRequired'))
      return
    }
    state.sending = true
    try {
      const amended = await inspectionApi.amend(form.inspection.value!.id, state.reason.trim(), changed)
      form.inspection.value = amended
      form.answers.value = answersFromInspection(amended, form.allItems.value)
      active.value = false
      ElMessage.success(t('inspection.form.amended'))
    } catch (error) {
      if (isApiProblem(error) && error.errors.length) form.placeServerErrors(error.errors, changed)
      reportError(error)
    } finally {
      state.sending = false
    }
  }

  return { active, state, start, cancel, send }
}
