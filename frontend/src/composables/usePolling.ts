import { onBeforeUnmount, onMounted } from 'vue'

/** Focus and visibility events arrive together when a tab comes back: one request is enough. */
const MIN_GAP_MS = 2000

/**
 * Run `task` when mounted, then every `intervalMs` while the tab is visible, and again when the window
 * regains focus or the tab becomes visible. A hidden tab does not poll at all (nobody reads its badge).
 */
export function usePolling(task: () => Promise<unknown> | unknown, intervalMs: number) {
  let timer: ReturnType<typeof setInterval> | null = null
  let running = false
  let last = 0

  async function run(force = false): Promise<void> {
    if (running || (!force && Date.now() - last < MIN_GAP_MS)) return
    running = true
    last = Date.now()
    try {
      await task()
    } finally {
      running = false
    }
  }

  function stop(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
  }

  function start(): void {
    stop()
    timer = setInterval(() => void run(true), intervalMs)
  }

  function onVisibility(): void {
    if (document.hidden) {
      stop()
      return
    }
    void run()
    start()
  }

  function onFocus(): void {
    if (!document.hidden) void run()
  }

  onMounted(() => {
    void run(true)
    if (!document.hidden) start()
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('focus', onFocus)
  })

  onBeforeUnmount(() => {
    stop()
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('focus', onFocus)
  })

  return { run, stop, isActive: () => timer !== null }
}
