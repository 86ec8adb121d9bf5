import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import type { Account } from '@/api/accounts'
import { configureAuth, type TokenPair } from '@/api/http'

export const SESSION_STORAGE_KEY = 'eldersafe.session'

interface StoredSession {
  access_token: string
  refresh_token: string
  account: Account | null
}

type Persistence = 'local' | 'session'

function storage(kind: Persistence): Storage {
  return kind === 'local' ? localStorage : sessionStorage
}

function readStored(): { session: StoredSession; persistence: Persistence } | null {
  for (const kind of ['local', 'session'] as const) {
    try {
      const raw = storage(kind).getItem(SESSION_STORAGE_KEY)
      if (!raw) continue
      const session = JSON.parse(raw) as StoredSession
      if (session?.access_token && session?.refresh_token) return { session, persistence: kind }
    } catch {
      /* unreadable: treat as absent */
    }
  }
  return null
}

/** Called when the session can no longer be renewed (set by the router so it can send the user to login). */
let onExpired: () => void = () => {}
export function setSessionExpiredHandler(handler: () => void): void {
  onExpired = handler
}

export const useAuthStore = defineStore('auth', () => {
  const stored = readStored()
  const accessToken = ref<string | null>(stored?.session.access_token ?? null)
  const refreshToken = ref<string | null>(stored?.session.refresh_token ?? null)
  const account = ref<Account | null>(stored?.session.account ?? null)
  const persistence = ref<Persistence>(stored?.persistence ?? 'session')

  const isAuthenticated = computed(() => !!accessToken.value)
  const role = computed(() => account.value?.role ?? null)
  const position = computed(() => account.value?.position ?? null)

  function persist(): void {
    for (const kind of ['local', 'session'] as const) {
      try {
        storage(kind).removeItem(SESSION_STORAGE_KEY)
      } catch {
        /* ignore */
      }
    }
    if (!accessToken.value || !refreshToken.value) return
    const value: StoredSession = {
      access_token: accessToken.value,
      refresh_token: refreshToken.value,
      account: account.value,
    }
    try {
      storage(persistence.value).setItem(SESSION_STORAGE_KEY, JSON.stringify(value))
    } catch {
      /* storage full or blocked: the session lives in memory only */
    }
  }

  function setTokens(tokens: TokenPair & { account?: Account | unknown }): void {
    accessToken.value = tokens.access_token
    refreshToken.value = tokens.refresh_token || refreshToken.value
    if (tokens.account && typeof tokens.account === 'object') account.value = tokens.account as Account
    persist()
  }

  function clear(): void {
    accessToken.value = null
    refreshToken.value = null
    account.value = null
    persist()
  }

  configureAuth({
    getAccessToken: () => accessToken.value,
    getRefreshToken: () => refreshToken.value,
    onRefreshed: (answer) => setTokens(answer),
    onSessionExpired: () => {
      clear()
      onExpired()
    },
  })

  async function login(username: string, password: string, remember: boolean): Promise<Account> {
    const answer = await authApi.login({ username, password })
    persistence.value = remember ? 'local' : 'session'
    setTokens(answer)
    return answer.account
  }

  async function fetchMe(): Promise<Account> {
    const me = await authApi.me()
    account.value = me
    persist()
    return me
  }

  async function logout(): Promise<void> {
    const token = refreshToken.value
    try {
      if (token) await authApi.logout(token)
    } catch {
      /* the server may already have forgotten the session; the client forgets it anyway */
    } finally {
      clear()
    }
  }

  return { accessToken, refreshToken, account, persistence, isAuthenticated, role, position, login, logout, fetchMe, clear, setTokens }
})
