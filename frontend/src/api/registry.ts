import { http, type Query } from './http'
import type { AreaLevel, Page } from './types'
import type { RelocateInput } from './planTypes'

export interface Area {
  code: string
  name_zh: string
  name_en: string | null
  level: AreaLevel
  parent: string | null
}

export interface Department {
  code: string
  name_zh: string
  name_en?: string | null
}

export const OWNERSHIPS = ['public', 'private', 'public_private'] as const
export type Ownership = (typeof OWNERSHIPS)[number]

export const FACILITY_STATUSES = ['operating', 'suspended', 'shut_down', 'deregistered'] as const
export type FacilityStatus = (typeof FACILITY_STATUSES)[number]

export const STRUCTURES = ['brick_concrete', 'reinforced_concrete', 'steel', 'steel_sandwich_panel', 'wood', 'other'] as const
export type Structure = (typeof STRUCTURES)[number]

export const FACILITY_SORTS = [
  'name',
  '-name',
  'licensed_beds',
  '-licensed_beds',
  'residents_count',
  '-residents_count',
  'updated_at',
  '-updated_at',
] as const
export type FacilitySort = (typeof FACILITY_SORTS)[number]

export interface Building {
  floors: number | null
  height_m: number | null
  structure: Structure | null
  floor_area_m2: number | null
  year_built: number | null
}

export interface Readiness {
  emergency_plan_date: string | null
  last_drill_date: string | null
  micro_fire_station: boolean
  extinguishers: number
  evacuation_tools: boolean
  notes: string | null
}

export interface FacilitySummary {
  id: string
  name: string
  uscc: string
  ownership: Ownership
  address: string
  subdistrict_code: string
  community_code: string
  area_code: string
  manager?: string
  manager_phone?: string
  licensed_beds: number
  residents_count: number
  status: FacilityStatus
  updated_at?: string
}

export interface Facility extends FacilitySummary {
  latitude: number | null
  longitude: number | null
  legal_representative: string
  legal_representative_phone: string
  manager: string
  manager_phone: string
  building: Building
  readiness: Readiness
  created_at: string
  updated_at: string
  version?: number
}

/** The editable fields (no residents_count, area_code or status: the server derives or guards those). */
export interface FacilityInput {
  name: string
  uscc: string
  ownership: Ownership
  address: string
  subdistrict_code: string
  community_code: string
  latitude: number | null
  longitude: number | null
  legal_representative: string
  legal_representative_phone: string
  manager: string
  manager_phone: string
  licensed_beds: number
  building: Building
}

export interface FacilityQuery {
  q?: string
  subdistrict_code?: string
  community_code?: string
  status?: FacilityStatus | ''
  ownership?: Ownership | ''
  sort?: FacilitySort | ''
  page?: number
  page_size?: number
}

export interface StatusChange {
  from_status: FacilityStatus | null
  to_status: FacilityStatus
  reason: string
  changed_by: string
  changed_by_name?: string | null
  changed_at: string
}

export const CARE_LEVELS = ['self_care', 'semi_dependent', 'dependent'] as const
export type CareLevel = (typeof CARE_LEVELS)[number]

export interface Resident {
  id: string
  name: string
  /** Masked by the server, e.g. 230404********1234. */
  id_number: string
  care_level: CareLevel | string
  guardian_name?: string | null
  guardian_phone?: string | null
  admitted_on: string
  moved_out_on?: string | null
  move_out_destination?: string | null
}

export interface ImportResult {
  imported: number
}

function facilityQuery(query: FacilityQuery): Query {
  return { ...query }
}

const base = '/registry/facilities'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`

/** Residents may come as a bare list or a page, depending on the server version. */
function residentItems(answer: Resident[] | Page<Resident>): Resident[] {
  return Array.isArray(answer) ? answer : answer.items
}

export const registryApi = {
  areas: () => http.get<Area[]>('/registry/areas'),
  departments: () => http.get<Department[]>('/registry/departments'),
  facilities: (query: FacilityQuery = {}, signal?: AbortSignal) =>
    http.get<Page<FacilitySummary>>(base, facilityQuery(query), signal),
  facility: (id: string) => http.get<Facility>(one(id)),
  createFacility: (body: FacilityInput) => http.post<Facility>(base, body),
  updateFacility: (id: string, body: Partial<FacilityInput> & { version?: number; over_capacity_reason?: string }) =>
    http.patch<Facility>(one(id), body),
  changeStatus: (id: string, status: FacilityStatus, reason: string) =>
    http.post<Facility>(`${one(id)}/status`, { status, reason }),
  statusHistory: (id: string) => http.get<StatusChange[]>(`${one(id)}/status-history`),
  updateReadiness: (id: string, body: Readiness) => http.put<Facility>(`${one(id)}/readiness`, body),
  /** Relocate a resident (安置); 409 `no_free_beds` / `receiving_facility_not_operating`, 422 field errors. */
  relocate: (facilityId: string, residentId: string, body: RelocateInput) =>
    http.post<Resident>(`${one(facilityId)}/residents/${encodeURIComponent(residentId)}/relocate`, body),
  residents: async (id: string) =>
    residentItems(await http.get<Resident[] | Page<Resident>>(`${one(id)}/residents`, { page_size: 100 })),
  importFacilities: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.upload<ImportResult>(`${base}/import`, form)
  },
  importTemplate: () => http.download(`${base}/import-template`),
  exportFacilities: (query: FacilityQuery = {}) => {
    const { page: _page, page_size: _size, ...filters } = query
    return http.download(`${base}/export`, { query: facilityQuery(filters) })
  },
}
