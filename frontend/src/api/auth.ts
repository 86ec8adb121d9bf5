import { request, type TokenPair } from './http'
import type { Account } from './accounts'

export interface LoginRequest {
  username: string
  password: string
}

export interface LoginAnswer extends TokenPair {
  account: Account
}

export const authApi = {
  login: (body: LoginRequest) =>
    request<LoginAnswer>('/auth/login', { method: 'POST', json: body, anonymous: true }),
  refresh: (refreshToken: string) =>
    request<LoginAnswer>('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken }, anonymous: true }),
  logout: (refreshToken: string) =>
    request<void>('/auth/logout', { method: 'POST', json: { refresh_token: refreshToken } }),
  me: () => request<Account>('/auth/me'),
}
