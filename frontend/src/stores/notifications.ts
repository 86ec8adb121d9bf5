import { ref } from 'vue'
import { defineStore } from 'pinia'
import { notificationApi } from '@/api/notification'

/**
 * The caller's unread inbox count, shared by the bell in the header and the inbox page (marking an item
 * read on the page lowers the badge at once).
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0)
  let controller: AbortController | null = null

  /** Ask the server again; a failure keeps the last count (the next poll tries again, quietly). */
  async function refresh(): Promise<void> {
    controller?.abort()
    const current = new AbortController()
    controller = current
    try {
      const answer = await notificationApi.unreadCount(current.signal)
      if (controller === current) unread.value = answer.unread
    } catch {
      /* a poll that fails says nothing: the badge stays as it was */
    }
  }

  /** One item was just marked read here. */
  function markedOne(): void {
    unread.value = Math.max(0, unread.value - 1)
  }

  function markedAll(): void {
    unread.value = 0
  }

  return { unread, refresh, markedOne, markedAll }
})
