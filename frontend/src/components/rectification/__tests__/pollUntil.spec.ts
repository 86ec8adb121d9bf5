import { describe, expect, it, vi } from 'vitest'
import { pollUntil } from '../pollUntil'

const noSleep = () => Promise.resolve()

describe('pollUntil', () => {
  it('reads until the change shows', async () => {
    const answers = [1, 1, 2]
    const read = vi.fn(async () => answers.shift() ?? 2)
    const result = await pollUntil(read, (n) => n === 2, { sleep: noSleep })
    expect(result).toEqual({ value: 2, reached: true })
    expect(read).toHaveBeenCalledTimes(3)
  })

  it('gives up after the timeout with the last answer, and rides over failed reads', async () => {
    let calls = 0
    const read = async () => {
      calls += 1
      if (calls === 2) throw new Error('registry briefly down')
      return calls
    }
    const result = await pollUntil(read, () => false, { interval: 1000, timeout: 10_000, sleep: noSleep })
    expect(calls).toBe(10)
    expect(result).toEqual({ value: 10, reached: false })
  })

  it('stops when the page is left', async () => {
    const read = vi.fn(async () => 1)
    const result = await pollUntil(read, () => false, { sleep: noSleep, cancelled: () => true })
    expect(read).not.toHaveBeenCalled()
    expect(result.reached).toBe(false)
  })
})
