/**
 * The notification service (services/notification/DESIGN.md): each account's inbox (the bell), the
 * escalation ladders, quiet hours and digest time, the working-day calendar, webhook subscriptions and the
 * delivery log. Every route is under `/api/notification`. Server shapes are aliases of the generated
 * `schema.d.ts`; the lists below are the values the UI offers.
 */
import { http, request, type Query } from './http'
import type { Page, Schemas } from './types'

const base = '/notification'
const enc = encodeURIComponent

// ---- inbox and delivery log (delivery/schemas.py) ------------------------------------------------

export const DELIVERY_STATUSES = ['pending', 'held', 'sending', 'sent', 'failed', 'undeliverable'] as const satisfies readonly Schemas['DeliveryPublic']['status'][]
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const DELIVERY_CHANNELS = ['sms', 'email', 'inbox', 'webhook'] as const satisfies readonly Schemas['DeliveryPublic']['channel'][]
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number]

/** The rule keys a delivery can carry (the delivery log's `rule_key` filter). */
export const DELIVERY_RULE_KEYS = [
  'hazard.deadline', 'supervision_order.deadline', 'campaign.phase', 'digest.daily', 'calendar.year', 'webhook',
  'hazard.withdrawn',
] as const

/** Statuses the server lets an operator retry (`undeliverable` only when an address is known by now). */
export const RETRYABLE_STATUSES: readonly DeliveryStatus[] = ['failed', 'undeliverable']

/** One message of an account's inbox; `link` is the SPA path of the record it is about. */
export type InboxItem = Schemas['InboxItemPublic']

export interface InboxQuery extends Query {
  unread?: boolean
  page?: number
  page_size?: number
}

/** One attempt of a delivery: outcome sent, failed, held, undeliverable, expired or requeued. */
export type DeliveryAttempt = Schemas['AttemptPublic']

export type Delivery = Schemas['DeliveryPublic']

export type DeliveryDetail = Schemas['DeliveryDetail']

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

export const RULE_SEVERITIES = ['ordinary', 'major'] as const satisfies readonly NonNullable<Rule['severity']>[]
export type RuleSeverity = (typeof RULE_SEVERITIES)[number]

export const STAGE_NAMES = ['issued', 'remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'] as const satisfies readonly LadderStage['stage'][]
export type StageName = (typeof STAGE_NAMES)[number]

/** The stages each rule may have (rules/service.py STAGES_OF). */
export const STAGES_OF: Record<RuleKey, readonly StageName[]> = {
  'hazard.deadline': ['remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'],
  'supervision_order.deadline': ['issued', 'remind_3d', 'remind_1d', 'due_day', 'overdue_3wd', 'overdue_7wd'],
}

export const RECIPIENT_KINDS = [
  'responsible', 'supervisor', 'department_head', 'community_officer', 'subdistrict_head', 'task_force_leader',
  'facility_manager',
] as const satisfies readonly LadderStage['recipients'][number][]
export type RecipientKind = (typeof RECIPIENT_KINDS)[number]

export const LADDER_CHANNELS = ['sms', 'email', 'inbox'] as const satisfies readonly LadderStage['channels'][number][]
export type LadderChannel = (typeof LADDER_CHANNELS)[number]

export const DAY_KINDS = ['calendar', 'working'] as const satisfies readonly LadderStage['day_kind'][]
export type DayKind = (typeof DAY_KINDS)[number]

export const CALENDAR_DAY_TYPES = ['workday', 'holiday'] as const satisfies readonly Schemas['CalendarDayUpdate']['kind'][]
export type CalendarDayType = (typeof CALENDAR_DAY_TYPES)[number]

/** A stage of a ladder; `offset_days` counts from the deadline (negative: before it), null only for `issued`. */
export type LadderStage = Schemas['LadderStage']

export type Rule = Schemas['RulePublic']

/** Which variant of a rule: null severity / campaign means "any". */
export interface RuleVariant {
  severity: RuleSeverity | null
  campaign_id: string | null
}

/** Quiet hours and digest time (HH:MM, China time). */
export type NotificationSettings = Schemas['SettingsPublic']

export type NotificationSettingsUpdate = Schemas['SettingsUpdate']

export type CalendarDay = Schemas['CalendarDayPublic']

export type CalendarYearStatus = Schemas['CalendarYearStatus']

/** One entry of a year's arrangement: a day, or the inclusive range start..end. */
export type CalendarYearEntry = Schemas['CalendarYearEntry']

export type CalendarYearKnowledge = Schemas['CalendarYearKnowledge']

/** The years known, and those needed now that nothing knows (this year; next year from 1 November). */
export type CalendarYearList = Schemas['CalendarYearList']

// ---- webhooks (webhooks/schemas.py) --------------------------------------------------------------

export const WEBHOOK_EVENT_TYPES = [
  'facility.classified', 'facility.status_changed', 'supervision_order.issued', 'supervision_order.closed',
  'hazard.assigned', 'hazard.deadline_changed', 'hazard.submitted', 'hazard.accepted', 'hazard.rejected',
  'hazard.signed_off', 'hazard.reopened', 'hazard.overdue',
] as const satisfies readonly WebhookCreate['event_types'][number][]
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export type Webhook = Schemas['WebhookPublic']

/** The answer of a create: the signing secret appears here and never again. */
export type WebhookCreated = Schemas['WebhookCreated']

export type WebhookCreate = Schemas['WebhookCreate']

export type PingQueued = Schemas['PingQueued']

// ---- client ---------------------------------------------------------------------------------------

function variantQuery(variant: RuleVariant): Query {
  return { severity: variant.severity ?? undefined, campaign_id: variant.campaign_id ?? undefined }
}

export const notificationApi = {
  inbox: (query: InboxQuery = {}, signal?: AbortSignal) => http.get<Page<InboxItem>>(`${base}/inbox`, query, signal),
  unreadCount: (signal?: AbortSignal) => http.get<Schemas['UnreadCount']>(`${base}/inbox/unread-count`, undefined, signal),
  markRead: (id: string) => http.post<InboxItem>(`${base}/inbox/${enc(id)}/read`),
  markAllRead: () => http.post<Schemas['ReadAll']>(`${base}/inbox/read-all`),

  deliveries: (query: DeliveryQuery = {}, signal?: AbortSignal) =>
    http.get<Page<Delivery>>(`${base}/deliveries`, query, signal),
  delivery: (id: string) => http.get<DeliveryDetail>(`${base}/deliveries/${enc(id)}`),
  /** 409 `delivery_not_retryable` / `delivery_no_address` when the server will not queue it again. */
  retry: (id: string) => http.post<DeliveryDetail>(`${base}/deliveries/${enc(id)}/retry`),

  rules: () => http.get<Schemas['RuleList']>(`${base}/rules`),
  putRule: (key: RuleKey, variant: RuleVariant, stages: LadderStage[]) =>
    request<Rule>(`${base}/rules/${enc(key)}`, { method: 'PUT', query: variantQuery(variant), json: { stages } satisfies Schemas['RuleUpdate'] }),
  /** Variants only: the default ladder answers 409 `default_rule`. */
  deleteRule: (key: RuleKey, variant: RuleVariant) =>
    request<void>(`${base}/rules/${enc(key)}`, { method: 'DELETE', query: variantQuery(variant) }),

  settings: () => http.get<NotificationSettings>(`${base}/settings`),
  putSettings: (body: NotificationSettingsUpdate) => http.put<NotificationSettings>(`${base}/settings`, body),

  calendar: (year: number) => http.get<Schemas['CalendarDayList']>(`${base}/calendar`, { year }),
  yearStatus: (year: number) => http.get<CalendarYearStatus>(`${base}/calendar/${year}/status`),
  putDay: (day: string, body: Schemas['CalendarDayUpdate']) =>
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
