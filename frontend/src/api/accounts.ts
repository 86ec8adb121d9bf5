import { http } from './http'
import type { Page, Position, Role } from './types'

export interface Account {
  id: string
  username: string
  name: string
  role: Role
  position: Position
  department: string | null
  area: string
  facility: string | null
  phone: string | null
  email: string | null
  disabled: boolean
  created_at: string
  last_login_at: string | null
}

export interface AccountQuery {
  q?: string
  role?: Role | ''
  disabled?: boolean | ''
  page?: number
  page_size?: number
}

export interface AccountCreate {
  username: string
  name: string
  password: string
  role: Role
  position: Position
  area: string
  facility?: string | null
  phone?: string | null
  email?: string | null
}

export type AccountUpdate = Partial<Omit<AccountCreate, 'username' | 'password'>>

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
