import { request } from './http'
import type { Account } from './accounts'
import type { Schemas } from './types'

export type LoginRequest = Schemas['LoginRequest']
/** Login and refresh answer the tokens with the signed-in account. */
export type LoginAnswer = Schemas['TokenPair']

export const authApi = {
  login: (body: LoginRequest) =>
    request<LoginAnswer>('/auth/login', { method: 'POST', json: body, anonymous: true }),
  refresh: (refreshToken: string) =>
    request<LoginAnswer>('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken }, anonymous: true }),
  logout: (refreshToken: string) =>
    request<void>('/auth/logout', { method: 'POST', json: { refresh_token: refreshToken } }),
  me: () => request<Account>('/auth/me'),
}
