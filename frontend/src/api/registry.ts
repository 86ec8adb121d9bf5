import { http, type Query } from './http'
import type { Page, Schemas } from './types'
import type { RelocateInput } from './planTypes'

export type Area = Schemas['AreaPublic']
export type Department = Schemas['DepartmentPublic']

export const OWNERSHIPS = ['public', 'private', 'public_private'] as const satisfies readonly NonNullable<Schemas['FacilityCreate']['ownership']>[]
export type Ownership = (typeof OWNERSHIPS)[number]

export const FACILITY_STATUSES = ['operating', 'suspended', 'shut_down', 'deregistered'] as const satisfies readonly Schemas['StatusChange']['status'][]
export type FacilityStatus = (typeof FACILITY_STATUSES)[number]

export const STRUCTURES = ['brick_concrete', 'reinforced_concrete', 'steel', 'steel_sandwich_panel', 'wood', 'other'] as const satisfies readonly NonNullable<Schemas['BuildingFacts']['structure']>[]
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

export type Building = Schemas['BuildingPublic']
export type BuildingFacts = Schemas['BuildingFacts']
export type Readiness = Schemas['ReadinessPublic']
export type ReadinessUpdate = Schemas['ReadinessUpdate']
/** A row of the facility list (the list answers whole facilities). */
export type FacilitySummary = Schemas['FacilityPublic']
export type Facility = Schemas['FacilityPublic']
export type FacilityInput = Schemas['FacilityCreate']
export type FacilityUpdate = Schemas['FacilityUpdate']

/** The list's filters as the view holds them ('' = any). */
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

/** The body of a status change (POST …/status). */
export type StatusChange = Schemas['StatusChange']
/** One row of a facility's status history (GET …/status-history): who moved it from what to what, and why. */
export type StatusHistoryEntry = Schemas['StatusChangePublic']

export const CARE_LEVELS = ['self_care', 'semi_dependent', 'dependent'] as const satisfies readonly Schemas['ResidentCreate']['care_level'][]
export type CareLevel = (typeof CARE_LEVELS)[number]

/** A resident; `id_number` is masked by the server, e.g. 230404********1234. */
export type Resident = Schemas['ResidentPublic']
export type ImportResult = Schemas['ImportResult']

function facilityQuery(query: FacilityQuery): Query {
  return { ...query }
}

const base = '/registry/facilities'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`


export const registryApi = {
  areas: () => http.get<Area[]>('/registry/areas'),
  departments: () => http.get<Department[]>('/registry/departments'),
  facilities: (query: FacilityQuery = {}, signal?: AbortSignal) =>
    http.get<Page<FacilitySummary>>(base, facilityQuery(query), signal),
  facility: (id: string) => http.get<Facility>(one(id)),
  createFacility: (body: FacilityInput) => http.post<Facility>(base, body),
  updateFacility: (id: string, body: FacilityUpdate) =>
    http.patch<Facility>(one(id), body),
  changeStatus: (id: string, status: FacilityStatus, reason: string) =>
    http.post<Facility>(`${one(id)}/status`, { status, reason } satisfies StatusChange),
  statusHistory: (id: string) => http.get<StatusHistoryEntry[]>(`${one(id)}/status-history`),
  updateReadiness: (id: string, body: ReadinessUpdate) => http.put<Facility>(`${one(id)}/readiness`, body),
  /** Relocate a resident (安置); 409 `no_free_beds` / `receiving_facility_not_operating`, 422 field errors. */
  relocate: (facilityId: string, residentId: string, body: RelocateInput) =>
    http.post<Resident>(`${one(facilityId)}/residents/${encodeURIComponent(residentId)}/relocate`, body),
  residents: async (id: string) =>
    (await http.get<Schemas['ResidentPage']>(`${one(id)}/residents`, { page_size: 100 })).items,
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
