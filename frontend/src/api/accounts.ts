import { http } from './http'
import type { Page, Role, Schemas } from './types'

export type Account = Schemas['AccountPublic']
export type AccountCreate = Schemas['AccountCreate']
export type AccountUpdate = Schemas['AccountUpdate']

/** The list's filters as the view holds them ('' = any). */
export interface AccountQuery {
  q?: string
  role?: Role | ''
  disabled?: boolean | ''
  page?: number
  page_size?: number
}

export const accountsApi = {
  list: (query: AccountQuery = {}) =>
    http.get<Page<Account>>('/accounts', {
      q: query.q,
      role: query.role,
      disabled: query.disabled === '' ? undefined : query.disabled,
      page: query.page,
      page_size: query.page_size,
    }),
  create: (body: AccountCreate) => http.post<Account>('/accounts', body),
  update: (id: string, body: AccountUpdate) => http.patch<Account>(`/accounts/${encodeURIComponent(id)}`, body),
  disable: (id: string) => http.post<Account>(`/accounts/${encodeURIComponent(id)}/disable`),
  enable: (id: string) => http.post<Account>(`/accounts/${encodeURIComponent(id)}/enable`),
  resetPassword: (id: string, newPassword: string) =>
    http.post<void>(`/accounts/${encodeURIComponent(id)}/reset-password`, { new_password: newPassword }),
}
