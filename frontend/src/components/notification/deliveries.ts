import type { LocationQuery } from 'vue-router'
import { isApiProblem } from '@/api/http'
import {
  DELIVERY_CHANNELS,
  DELIVERY_RULE_KEYS,
  DELIVERY_STATUSES,
  RETRYABLE_STATUSES,
  type DeliveryChannel,
  type DeliveryQuery,
  type DeliveryStatus,
} from '@/api/notification'

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

export const STATUS_TAG: Record<DeliveryStatus, TagType> = {
  pending: 'info',
  held: 'warning',
  sending: 'primary',
  sent: 'success',
  failed: 'danger',
  undeliverable: 'danger',
}

export const OUTCOME_TAG: Record<string, TagType> = {
  sent: 'success',
  failed: 'danger',
  held: 'warning',
  undeliverable: 'danger',
  expired: 'warning',
  requeued: 'info',
}

export const PAGE_SIZES = [10, 20, 50, 100]

export interface DeliveryFilters {
  status: DeliveryStatus | ''
  channel: DeliveryChannel | ''
  rule_key: string
  recipient: string
  /** ISO date-times (with an offset) or '' */
  from: string
  to: string
  page: number
  page_size: number
}

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const oneOf = <T extends string>(list: readonly T[], value: string): T | '' =>
  (list as readonly string[]).includes(value) ? (value as T) : ''
const isoOrEmpty = (value: string) => (value && !Number.isNaN(Date.parse(value)) ? value : '')

export function fromQuery(query: LocationQuery): DeliveryFilters {
  const page = Number(query.page) || 1
  const size = Number(query.page_size)
  return {
    status: oneOf(DELIVERY_STATUSES, str(query.status)),
    channel: oneOf(DELIVERY_CHANNELS, str(query.channel)),
    rule_key: oneOf(DELIVERY_RULE_KEYS, str(query.rule_key)),
    recipient: str(query.recipient).slice(0, 200),
    from: isoOrEmpty(str(query.from)),
    to: isoOrEmpty(str(query.to)),
    page: page > 0 ? Math.floor(page) : 1,
    page_size: PAGE_SIZES.includes(size) ? size : 20,
  }
}

export function toRouteQuery(filters: DeliveryFilters): Record<string, string> {
  const query: Record<string, string> = {}
  for (const key of ['status', 'channel', 'rule_key', 'from', 'to'] as const) if (filters[key]) query[key] = filters[key]
  if (filters.recipient.trim()) query.recipient = filters.recipient.trim()
  if (filters.page !== 1) query.page = String(filters.page)
  if (filters.page_size !== 20) query.page_size = String(filters.page_size)
  return query
}

/** What the server is asked: empty filters left out (it refuses unknown or malformed ones). */
export function toApiQuery(filters: DeliveryFilters): DeliveryQuery {
  return {
    status: filters.status || undefined,
    channel: filters.channel || undefined,
    rule_key: filters.rule_key || undefined,
    recipient: filters.recipient.trim() || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    page: filters.page,
    page_size: filters.page_size,
  }
}

export function canRetry(status: DeliveryStatus): boolean {
  return RETRYABLE_STATUSES.includes(status)
}

/** The i18n key of a sentence for a refused retry (409), or null for any other error. */
export function retryRefusalKey(error: unknown): string | null {
  if (!isApiProblem(error) || error.status !== 409) return null
  if (error.code === 'delivery_no_address') return 'notification.deliveries.noAddress'
  if (error.code === 'delivery_not_retryable') return 'notification.deliveries.notRetryable'
  return 'notification.deliveries.refused'
}

/** `hazard.deadline` → `hazard_deadline`: message keys cannot hold a dot. */
export const codeKey = (code: string) => code.replace(/\./g, '_')
