import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { isApiProblem } from '@/api/http'

interface DialogSaveOptions {
  /** Close the dialog (usually `visible.value = false`). */
  close: () => void
  /** What a refusal does (usually `server.apply`, which puts field errors under their fields). */
  refused: (error: unknown) => void
}

interface SaveThen<T> {
  /** The message shown once saved (from the answer when it names something, e.g. an order's number). */
  success?: string | ((result: T) => string)
  /** What follows, once the dialog closed: its `saved`/`done` event, or a navigation (awaited while saving). */
  done?: (result: T) => unknown
}

/**
 * The save of a dialog: `saving` while the request runs (the button's spinner); on success the message, the
 * dialog closes and its parent hears of the answer; a refusal goes to `refused`, and the dialog stays open.
 */
export function useDialogSave(options: DialogSaveOptions) {
  const saving = ref(false)

  async function save<T>(action: () => Promise<T>, then: SaveThen<T> = {}): Promise<boolean> {
    saving.value = true
    try {
      const result = await action()
      const message = typeof then.success === 'function' ? then.success(result) : then.success
      if (message) ElMessage.success(message)
      options.close()
      await then.done?.(result)
      return true
    } catch (error) {
      options.refused(error)
      return false
    } finally {
      saving.value = false
    }
  }

  return { saving, save }
}

/**
 * A refusal that names fields (422 with `errors[]`) goes under those fields and keeps the dialog open; any
 * other refusal goes to `otherwise` (e.g. the page says why, once the dialog closed).
 */
export function fieldErrorsOr(apply: (error: unknown) => void, otherwise: (error: unknown) => void) {
  return (error: unknown) => {
    if (isApiProblem(error) && error.status === 422 && error.errors.length) apply(error)
    else otherwise(error)
  }
}
