/**
 * The public tip-off API (`/api/inspection/public/…`): no token, no cookies, no referrer, nothing cached.
 * Kept apart from `src/api/http.ts` so that this bundle carries no session code at all. The receipt only
 * ever travels in a request body, never in a URL.
 */

import type { components } from '@/api/schema'

export const PUBLIC_BASE = '/api/inspection/public'

export const CATEGORIES = ['fire', 'food', 'abuse_neglect', 'building', 'unlicensed', 'other'] as const satisfies readonly components['schemas']['TipForm']['category'][]
export type Category = (typeof CATEGORIES)[number]

type Schemas = components['schemas']

export type TipStatus = Schemas['TipReceipt']['status']

export type FacilityHit = Schemas['FacilityMatch']
/** The answer of a submitted tip: its number and the receipt (shown once). */
export type Submitted = Schemas['TipReceipt']
export type ReceiptMessage = Schemas['ReceiptMessage']
export type TipReceiptView = Schemas['TipReceiptView']
export type FieldError = Schemas['FieldError']

/** A refused request: status 0 for a network failure. */
export class TipProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || code || `HTTP ${status}`)
    this.name = 'TipProblem'
  }
}

async function send<T>(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${PUBLIC_BASE}${path}`, {
      ...init,
      signal,
      headers: { Accept: 'application/json, application/problem+json', ...(init.headers ?? {}) },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new TipProblem(0, 'network_error', '')
  }
  const text = await response.text().catch(() => '')
  let body: unknown = undefined
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : {}) as { code?: string; detail?: unknown; errors?: unknown }
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : []
    throw new TipProblem(response.status, problem.code ?? '', typeof problem.detail === 'string' ? problem.detail : '', errors)
  }
  return body as T
}

const postJson = <T>(path: string, json: unknown) =>
  send<T>(path, { method: 'POST', body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } })

export interface TipDraft {
  category: Category
  description: string
  facility_id: string | null
  location: string
  contact: string
  contact_consent: boolean
  photos: File[]
}

/** The multipart body of a tip: empty optional fields are left out rather than sent blank. */
export function tipForm(draft: TipDraft): FormData {
  const form = new FormData()
  form.append('category', draft.category)
  form.append('description', draft.description.trim())
  if (draft.facility_id) form.append('facility_id', draft.facility_id)
  if (draft.location.trim()) form.append('location', draft.location.trim())
  if (draft.contact.trim()) {
    form.append('contact', draft.contact.trim())
    form.append('contact_consent', draft.contact_consent ? 'true' : 'false')
  }
  for (const photo of draft.photos) form.append('photos', photo, photo.name)
  return form
}

/** Digits only: the reporter may type the receipt with spaces or dashes, as it is shown (4-4-4-4). */
export function normaliseReceipt(value: string): string {
  return value.replace(/[\s-]/g, '')
}

export function isReceipt(value: string): boolean {
  return /^\d{16}$/.test(normaliseReceipt(value))
}

export function groupReceipt(receipt: string): string[] {
  return normaliseReceipt(receipt).match(/.{1,4}/g) ?? []
}

export const publicApi = {
  facilities: (q: string, signal?: AbortSignal) =>
    send<FacilityHit[]>(`/facilities?${new URLSearchParams({ q }).toString()}`, {}, signal),
  submit: (draft: TipDraft) => send<Submitted>('/tips', { method: 'POST', body: tipForm(draft) }),
  status: (receipt: string) => postJson<TipReceiptView>('/tips/status', { receipt: normaliseReceipt(receipt) }),
  message: (receipt: string, body: string) =>
    postJson<TipReceiptView>('/tips/messages', { receipt: normaliseReceipt(receipt), body }),
}

export const MAX_PHOTOS = 5
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp']

/** The form field a server error belongs to: `body.photos.2` → `photos`, `description` → `description`. */
export function fieldOf(location: string): string {
  const parts = location.split('.').filter((part) => !['body', 'form', 'query'].includes(part))
  return parts[0] ?? ''
}
