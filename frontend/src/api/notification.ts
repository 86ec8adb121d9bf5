/**
 * The notification service (services/notification/DESIGN.md): each account's inbox (the bell), the
 * escalation ladders, quiet hours and digest time, the working-day calendar, webhook subscriptions and the
 * delivery log. Every route is under `/api/notification`. Shapes are typed by hand from
 * `delivery/schemas.py`, `rules/schemas.py` and `webhooks/schemas.py`.
 */
import { http, request, type Query } from './http'
import type { Page } from './types'

const base = '/notification'
const enc = encodeURIComponent

// ---- inbox and delivery log (delivery/schemas.py) ------------------------------------------------

export const DELIVERY_STATUSES = ['pending', 'held', 'sending', 'sent', 'failed', 'undeliverable'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const DELIVERY_CHANNELS = ['sms', 'email', 'inbox', 'webhook'] as const
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number]

/** The rule keys a delivery can carry (the delivery log's `rule_key` filter). */
export const DELIVERY_RULE_KEYS = [
  'hazard.deadline', 'supervision_order.deadline', 'campaign.phase', 'digest.daily', 'calendar.year', 'webhook',
] as const

/** Statuses the server lets an operator retry (`undeliverable` only when an address is known by now). */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = ['failed', 'undeliverable']

export interface InboxItem {
  id: string
  rule_key: string
  subject: string
  stage: string
  title: string
  body: string
  /** The SPA path of the record this is about, e.g. `/hazards/<id>`. */
  link: string | null
  major: boolean
  created_at: string
  read_at: string | null
}

export interface InboxQuery extends Query {
  unread?: boolean
  page?: number
  page_size?: number
}

export interface DeliveryAttempt {
  at: string
  /** sent, failed, held, undeliverable, expired or requeued */
  outcome: string
  detail: string | null
}

export interface Delivery {
  id: string
  rule_key: string
  subject: string
  stage: string
  recipient: string
  recipient_name: string | null
  channel: DeliveryChannel
  address: string | null
  major: boolean
  area_code: string | null
  title: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  sent_at: string | null
}

export interface DeliveryDetail extends Delivery {
  body: string
  link: string | null
  history: DeliveryAttempt[]
}

export interface DeliveryQuery extends Query {
  status?: DeliveryStatus
  channel?: DeliveryChannel
  rule_key?: string
  recipient?: string
  /** created at or after (ISO date-time with an offset) */
  from?: string
  /** created before (ISO date-time with an offset) */
  to?: string
  page?: number
  page_size?: number
}

// ---- ladders, settings, calendar (rules/schemas.py) ----------------------------------------------

export const RULE_KEYS = ['hazard.deadline', 'supervision_order.deadline'] as const
export type RuleKey = (typeof RULE_KEYS)[number]

export const RULE_SEVERITIES = ['ordinary', 'major'] as const
export type RuleSeverity = (typeof RULE_SEVERITIES)[number]

export const STAGE_NAMES = ['issued', 'remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'] as const
export type StageName = (typeof STAGE_NAMES)[number]

/** The stages each rule may have (rules/service.py STAGES_OF). */
export const STAGES_OF: Record<RuleKey, readonly StageName[]> = {
  'hazard.deadline': ['remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'],
  'supervision_order.deadline': ['issued', 'remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'],
}

export const RECIPIENT_KINDS = [
  'responsible', 'supervisor', 'department_head', 'community_officer', 'subdistrict_head', 'task_force_leader',
  'facility_manager',
] as const
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]

export const LADDER_CHANNELS = ['sms', 'email', 'inbox'] as const
export type LadderChannel = (typeof LADDER_CHANNELS)[number]

export const DAY_KINDS = ['calendar', 'working'] as const
export type DayKind = (typeof DAY_KINDS)[number]

export const CALENDAR_DAY_TYPES = ['workday', 'holiday'] as const
export type CalendarDayType = (typeof CALENDAR_DAY_TYPES)[number]

export interface LadderStage {
  stage: StageName
  /** Days from the deadline (negative: before it); null only for `issued`. */
  offset_days: number | null
  day_kind: DayKind
  recipients: RecipientKind[]
  channels: LadderChannel[]
  flag_supervision: boolean
}

export interface Rule {
  id: string
  rule_key: RuleKey
  severity: RuleSeverity | null
  campaign_id: string | null
  stages: LadderStage[]
  updated_by: string | null
  updated_by_name: string | null
  updated_at: string
}

/** Which variant of a rule: null severity / campaign means "any". */
export interface RuleVariant {
  severity: RuleSeverity | null
  campaign_id: string | null
}

export interface NotificationSettings {
  /** HH:MM, China time */
  quiet_start: string
  quiet_end: string
  digest_time: string
  updated_by: string | null
  updated_by_name: string | null
  updated_at: string
}

export type NotificationSettingsUpdate = Pick<NotificationSettings, 'quiet_start' | 'quiet_end' | 'digest_time'>

export interface CalendarDay {
  /** YYYY-MM-DD */
  day: string
  kind: CalendarDayType
  note: string | null
  updated_by: string | null
  updated_by_name: string | null
  updated_at: string
}

export interface CalendarYearStatus {
  year: number
  package_knows: boolean
  /** first and last year the installed chinesecalendar knows */
  package_years: number[]
  overrides: number
  fallback: 'chinesecalendar' | 'entered' | 'weekdays'
  /** an admin entered this year's whole arrangement */
  entered: boolean
}

/** One entry of a year's arrangement: a day, or the inclusive range start..end. */
export interface CalendarYearEntry {
  start: string
  end?: string | null
  kind: string
  note?: string | null
}

export interface CalendarYearKnowledge {
  year: number
  known: boolean
  source: 'chinesecalendar' | 'entered' | 'unknown'
  package_knows: boolean
  holidays: number | null
  workdays: number | null
  updated_by_name: string | null
  updated_at: string | null
}

export interface CalendarYearList {
  items: CalendarYearKnowledge[]
  package_years: number[]
  /** years needed now that nothing knows (this year; next year from 1 November) */
  missing: number[]
}

// ---- webhooks (webhooks/schemas.py) --------------------------------------------------------------

export const WEBHOOK_EVENT_TYPES = [
  'facility.classified', 'facility.status_changed', 'supervision_order.issued', 'supervision_order.closed',
  'hazard.assigned', 'hazard.deadline_changed', 'hazard.submitted', 'hazard.accepted', 'hazard.rejected',
  'hazard.signed_off', 'hazard.reopened', 'hazard.overdue',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export interface Webhook {
  id: string
  client_name: string
  owner: string
  url: string
  event_types: WebhookEventType[]
  active: boolean
  consecutive_failures: number
  disabled_at: string | null
  created_at: string
}

/** The answer of a create: the signing secret appears here and never again. */
export interface WebhookCreated extends Webhook {
  secret: string
}

export interface WebhookCreate {
  client_name: string
  url: string
  event_types: WebhookEventType[]
}

export interface PingQueued {
  delivery_id: string
  status: string
}

// ---- client ---------------------------------------------------------------------------------------

function variantQuery(variant: RuleVariant): Query {
  return { severity: variant.severity ?? undefined, campaign_id: variant.campaign_id ?? undefined }
}

export const notificationApi = {
  inbox: (query: InboxQuery = {}, signal?: AbortSignal) => http.get<Page<InboxItem>>(`${base}/inbox`, query, signal),
  unreadCount: (signal?: AbortSignal) => http.get<{ unread: number }>(`${base}/inbox/unread-count`, undefined, signal),
  markRead: (id: string) => http.post<InboxItem>(`${base}/inbox/${enc(id)}/read`),
  markAllRead: () => http.post<{ marked: number }>(`${base}/inbox/read-all`),

  deliveries: (query: DeliveryQuery = {}, signal?: AbortSignal) =>
    http.get<Page<Delivery>>(`${base}/deliveries`, query, signal),
  delivery: (id: string) => http.get<DeliveryDetail>(`${base}/deliveries/${enc(id)}`),
  /** 409 `delivery_not_retryable` / `delivery_no_address` when the server will not queue it again. */
  retry: (id: string) => http.post<DeliveryDetail>(`${base}/deliveries/${enc(id)}/retry`),

  rules: () => http.get<{ items: Rule[]; total: number }>(`${base}/rules`),
  putRule: (key: RuleKey, variant: RuleVariant, stages: LadderStage[]) =>
    request<Rule>(`${base}/rules/${enc(key)}`, { method: 'PUT', query: variantQuery(variant), json: { stages } }),
  /** Variants only: the default ladder answers 409 `default_rule`. */
  deleteRule: (key: RuleKey, variant: RuleVariant) =>
    request<void>(`${base}/rules/${enc(key)}`, { method: 'DELETE', query: variantQuery(variant) }),

  settings: () => http.get<NotificationSettings>(`${base}/settings`),
  putSettings: (body: NotificationSettingsUpdate) => http.put<NotificationSettings>(`${base}/settings`, body),

  calendar: (year: number) => http.get<{ items: CalendarDay[]; total: number }>(`${base}/calendar`, { year }),
  yearStatus: (year: number) => http.get<CalendarYearStatus>(`${base}/calendar/${year}/status`),
  putDay: (day: string, body: { kind: CalendarDayType; note: string | null }) =>
    http.put<CalendarDay>(`${base}/calendar/${enc(day)}`, body),
  deleteDay: (day: string) => http.delete<void>(`${base}/calendar/${enc(day)}`),
  calendarYears: () => http.get<CalendarYearList>(`${base}/calendar/years`),
  /** Replace a year's holidays and adjusted working days with its whole arrangement (text or entries). */
  putYear: (year: number, body: { text: string } | { entries: CalendarYearEntry[] }) =>
    http.put<CalendarYearKnowledge>(`${base}/calendar/years/${year}`, body),

  webhooks: (query: { page?: number; page_size?: number } = {}) => http.get<Page<Webhook>>(`${base}/webhooks`, query),
  createWebhook: (body: WebhookCreate) => http.post<WebhookCreated>(`${base}/webhooks`, body),
  deleteWebhook: (id: string) => http.delete<void>(`${base}/webhooks/${enc(id)}`),
  pingWebhook: (id: string) => http.post<PingQueued>(`${base}/webhooks/${enc(id)}/ping`),
}
