/**
 * Registry writes reach the rectification service through events, so a page reading the rectification side
 * polls until the change shows (or gives up). Returns the last answer and whether the change showed.
 */
export interface PollOptions {
  /** Between reads, in ms (default 1000). */
  interval?: number
  /** Give up after this long, in ms (default 10000). */
  timeout?: number
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>
  /** Stop early (the page was left). */
  cancelled?: () => boolean
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions = {},
): Promise<{ value: T | null; reached: boolean }> {
  const interval = options.interval ?? 1000
  const attempts = Math.max(1, Math.floor((options.timeout ?? 10_000) / interval))
  const sleep = options.sleep ?? wait
  let value: T | null = null
  for (let attempt = 0; attempt < attempts; attempt++) {
    await sleep(interval)
    if (options.cancelled?.()) break
    try {
      value = await read()
    } catch {
      continue // a transient failure (e.g. the registry briefly unavailable): try again
    }
    if (done(value)) return { value, reached: true }
  }
  return { value, reached: false }
}
