/**
 * The one fetch wrapper every API module goes through.
 *
 * - base `/api` (the gateway is same-origin; in dev Vite proxies it),
 * - bearer token from whatever session the auth store registered with {@link configureAuth},
 * - on a 401, refresh once through `/api/auth/refresh` (concurrent 401s share one refresh) and retry once,
 * - every non-2xx answer becomes an {@link ApiProblem} parsed from RFC 9457 problem+json (code, reason, errors).
 */

import type { Schemas } from './types'

export const API_BASE = '/api'

/** One rejected input: `field` is the server's dotted location, e.g. `body.building.floors`. */
export type ApiFieldError = Schemas['FieldError']

/** A problem+json body as it may arrive (any part may be missing from a proxy's or FastAPI's own answer).
 * `reason` is a sub-code when one `code` covers several causes, e.g. `reward_not_eligible` + `not_verified`. */
export type ProblemBody = Partial<Schemas['Problem']>

export class ApiProblem extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  readonly code: string
  readonly reason: string
  readonly type: string
  readonly errors: ApiFieldError[]

  constructor(body: ProblemBody & { status: number }) {
    super(body.detail || body.title || `HTTP ${body.status}`)
    this.name = 'ApiProblem'
    this.status = body.status
    this.title = body.title ?? ''
    this.detail = body.detail ?? ''
    this.code = body.code ?? ''
    this.reason = typeof body.reason === 'string' ? body.reason : ''
    this.type = body.type ?? 'about:blank'
    this.errors = Array.isArray(body.errors) ? body.errors : []
  }
}

export function isApiProblem(value: unknown): value is ApiProblem {
  return value instanceof ApiProblem
}

/** Tokens returned by login and refresh (with the signed-in account). */
export type TokenPair = Schemas['TokenPair']

/** What the auth store lends the client: where tokens live and what to do when a session ends. */
export interface AuthHooks {
  getAccessToken(): string | null
  getRefreshToken(): string | null
  /** Called with the answer of a successful refresh (tokens plus whatever else the server sent). */
  onRefreshed(answer: TokenPair): void
  /** Called when the refresh failed or the retried request is still unauthorised. */
  onSessionExpired(): void
}

let hooks: AuthHooks | null = null
let refreshing: Promise<boolean> | null = null

export function configureAuth(next: AuthHooks | null): void {
  hooks = next
  refreshing = null
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  /** A JSON body. */
  json?: unknown
  /** A multipart body (uploads). */
  form?: FormData
  /** Skip the bearer token and the refresh logic (login, refresh itself). */
  anonymous?: boolean
  signal?: AbortSignal
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>
}

export function buildUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers }
  let body: BodyInit | undefined
  if (options.form) {
    body = options.form
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  if (!options.anonymous) {
    const token = hooks?.getAccessToken()
    if (token) headers.Authorization = `Bearer ${token}`
  }
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'same-origin',
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiProblem({
      status: 0,
      title: 'Network error',
      detail: error instanceof Error ? error.message : String(error),
      code: 'network_error',
    })
  }
}

/** Parse any non-2xx response into an ApiProblem (problem+json, plain JSON or text). */
export async function toProblem(response: Response): Promise<ApiProblem> {
  let parsed: ProblemBody | null = null
  const text = await response.text().catch(() => '')
  if (text) {
    try {
      const value: unknown = JSON.parse(text)
      if (value && typeof value === 'object') {
        parsed = value as ProblemBody
        // FastAPI's default shape {detail: "..."} or {detail: [...]}: keep it readable.
        const raw = (value as { detail?: unknown }).detail
        if (raw !== undefined && typeof raw !== 'string') parsed = { ...parsed, detail: JSON.stringify(raw) }
      }
    } catch {
      parsed = { detail: text.slice(0, 300) }
    }
  }
  return new ApiProblem({
    ...(parsed ?? {}),
    status: response.status,
    title: parsed?.title ?? response.statusText,
  })
}

/** One refresh at a time; every caller waiting on a 401 shares its outcome. */
function refreshOnce(): Promise<boolean> {
  if (refreshing) return refreshing
  const refreshToken = hooks?.getRefreshToken()
  if (!hooks || !refreshToken) return Promise.resolve(false)
  const current = hooks
  refreshing = (async () => {
    try {
      const response = await send('/auth/refresh', {
        method: 'POST',
        json: { refresh_token: refreshToken },
        anonymous: true,
      })
      if (!response.ok) return false
      const answer = (await response.json()) as TokenPair
      if (!answer?.access_token) return false
      current.onRefreshed(answer)
      return true
    } catch {
      return false
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/** Send a request, refreshing the session once on a 401. Returns the raw successful Response. */
export async function rawRequest(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options)
  if (response.status === 401 && !options.anonymous && hooks) {
    const renewed = await refreshOnce()
    if (renewed) {
      response = await send(path, options)
    }
    if (response.status === 401) {
      const problem = await toProblem(response)
      hooks?.onSessionExpired()
      throw problem
    }
  }
  if (!response.ok) throw await toProblem(response)
  return response
}

/** Send a request and decode its JSON answer (undefined for 204 / empty bodies). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await rawRequest(path, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export interface Download {
  blob: Blob
  filename: string | null
}

/** Filename from a Content-Disposition header (RFC 6266, with RFC 5987 `filename*`). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header)
  return plain?.[1]?.trim() ?? null
}

/** Fetch a file with the session's token (xlsx exports, templates). */
export async function download(path: string, options: RequestOptions = {}): Promise<Download> {
  const response = await rawRequest(path, options)
  return {
    blob: await response.blob(),
    filename: filenameFromDisposition(response.headers.get('Content-Disposition')),
  }
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, json?: unknown) => request<T>(path, { method: 'POST', json }),
  put: <T>(path: string, json?: unknown) => request<T>(path, { method: 'PUT', json }),
  patch: <T>(path: string, json?: unknown) => request<T>(path, { method: 'PATCH', json }),
  delete: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  upload: <T>(path: string, form: FormData) => request<T>(path, { method: 'POST', form }),
  download,
}
