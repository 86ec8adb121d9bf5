import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Position, Role } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { router } from '../index'

function signIn(role: Role, position: Position) {
  const auth = useAuthStore()
  auth.accessToken = 'token'
  auth.account = {
    id: 'a', username: 'u', name: 'Zhao', role, position, department: null, area: '999001', facility: null,
    phone: null, email: null, disabled: false, created_at: '', last_login_at: null,
  }
}

// The real router resolves each page's lazy component on the first visit: slow on a busy machine.
describe('the reward custodian in the router', { timeout: 60_000 }, () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    signIn('reward_custodian', 'custodian')
  })

  it('has a home page of its own (its rewards to pay)', async () => {
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('opens home, rewards and its inbox, nothing else', async () => {
    for (const [path, name] of [['/', 'home'], ['/rewards', 'rewards'], ['/rewards/r1', 'reward-detail'], ['/notification/inbox', 'inbox']]) {
      await router.push(path)
      expect(router.currentRoute.value.name, path).toBe(name)
    }
    for (const path of ['/tips', '/tips/t1', '/facilities', '/facilities/f1', '/campaigns', '/ledger', '/accounts']) {
      await router.push(path)
      expect(router.currentRoute.value.name, path).toBe('forbidden')
    }
  })

  it('leaves civil affairs where it was', async () => {
    signIn('civil_affairs', 'head')
    await router.push('/facilities/f1')
    expect(router.currentRoute.value.name).toBe('facility-detail')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('home')
  })
})
