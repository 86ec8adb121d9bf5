import type { Download } from '@/api/http'
import { reportError } from '@/utils/notify'

/**
 * Open a printable page that needs the session's token: open the tab at once (inside the click, so no
 * popup blocker intervenes), fetch the HTML as a blob, then point the tab at an object URL.
 */
export async function openDocument(fetcher: () => Promise<Download>): Promise<void> {
  const tab = window.open('', '_blank')
  try {
    const { blob } = await fetcher()
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html;charset=utf-8' }))
    if (tab) tab.location.href = url
    else window.open(url, '_blank')
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  } catch (error) {
    tab?.close()
    reportError(error)
  }
}
