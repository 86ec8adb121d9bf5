/** Message boxes and refusal messages shared by the hazard page and its parts. */
import { ElMessage, ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { reportError } from '@/utils/notify'
import { refusalKey } from './rules'

/** A refusal with a sentence of its own (rectification.errors.*), else the generic message. */
export function showRefusal(error: unknown): void {
  const key = refusalKey(error)
  if (key) ElMessage.error({ message: i18n.global.t(key), grouping: true })
  else reportError(error)
}

/** True when the user confirmed. */
export async function confirmBox(message: string, title: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning' })
    return true
  } catch {
    return false
  }
}

/** An optional note; null when the user cancelled. */
export async function notePrompt(message: string, title: string): Promise<string | null> {
  try {
    const answer = await ElMessageBox.prompt(message, title, {
      inputPlaceholder: i18n.global.t('rectification.dialog.noteOptional'),
    })
    return answer.value ?? ''
  } catch {
    return null
  }
}
