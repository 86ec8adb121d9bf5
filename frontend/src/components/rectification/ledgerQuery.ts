/**
 * The ledger's filters and how they travel: in the URL (so "back" from a hazard restores the ledger) and
 * to the API. Pure functions, shared by LedgerView and its filter bar.
 */
import type { LocationQuery } from 'vue-router'
import {
  HAZARD_DEPARTMENTS,
  HAZARD_SEVERITIES,
  HAZARD_SORTS,
  HAZARD_STATES,
  type HazardDepartment,
  type HazardQuery,
  type HazardSeverity,
  type HazardSort,
  type HazardState,
} from '@/api/rectification'

export const LEDGER_PAGE_SIZES = [10, 20, 50, 100]

export interface LedgerFilters {
  q: string
  campaign_id: string
  area: string[]
  facility_id: string
  department: HazardDepartment | ''
  severity: HazardSeverity | ''
  state: HazardState | ''
  overdue: boolean
  escalated: boolean
  deadline: string[]
  sort: HazardSort
  page: number
  page_size: number
}

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const oneOf = <T extends string>(list: readonly T[], value: string): T | '' =>
  (list as readonly string[]).includes(value) ? (value as T) : ''

export function fromQuery(query: LocationQuery): LedgerFilters {
  const page = Number(query.page) || 1
  const size = Number(query.page_size)
  const from = str(query.deadline_from)
  const to = str(query.deadline_to)
  return {
    q: str(query.q),
    campaign_id: str(query.campaign_id),
    area: str(query.area).split(',').filter(Boolean),
    facility_id: str(query.facility_id),
    department: oneOf(HAZARD_DEPARTMENTS, str(query.department)),
    severity: oneOf(HAZARD_SEVERITIES, str(query.severity)),
    state: oneOf(HAZARD_STATES, str(query.state)),
    overdue: query.overdue === 'true',
    escalated: query.escalated === 'true',
    deadline: from && to ? [from, to] : [],
    sort: oneOf(HAZARD_SORTS, str(query.sort)) || 'deadline',
    page: page > 0 ? Math.floor(page) : 1,
    page_size: LEDGER_PAGE_SIZES.includes(size) ? size : 20,
  }
}

export function toApiQuery(filters: LedgerFilters): HazardQuery {
  return {
    q: filters.q.trim() || undefined,
    campaign_id: filters.campaign_id || undefined,
    area_code: filters.area[filters.area.length - 1] || undefined,
    facility_id: filters.facility_id || undefined,
    department: filters.department || undefined,
    severity: filters.severity || undefined,
    state: filters.state || undefined,
    overdue: filters.overdue || undefined,
    escalated: filters.escalated || undefined,
    deadline_from: filters.deadline[0] || undefined,
    deadline_to: filters.deadline[1] || undefined,
    sort: filters.sort,
    page: filters.page,
    page_size: filters.page_size,
  }
}

export function toRouteQuery(filters: LedgerFilters): Record<string, string> {
  const { area_code: _area, ...api } = toApiQuery(filters)
  const query: Record<string, string> = {}
  for (const [key, value] of Object.entries(api)) {
    if (value === undefined || value === '') continue
    if (key === 'page' && value === 1) continue
    if (key === 'page_size' && value === 20) continue
    if (key === 'sort' && value === 'deadline') continue
    query[key] = String(value)
  }
  if (filters.area.length) query.area = filters.area.join(',')
  return query
}
